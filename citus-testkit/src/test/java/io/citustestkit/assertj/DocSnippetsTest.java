package io.citustestkit.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of docs/assertions.md are the tagged regions of compiled, run test code
 * ({@code // tag::NAME[]} ... {@code // end::NAME[]}); this keeps the page equal to them.
 */
class DocSnippetsTest {

    static final Path DOC = Path.of("..", "docs", "assertions.md");

    static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\S+) \\((\\S+)\\) -->\\R```java\\R(.*?)\\R```", Pattern.DOTALL);

    @Test
    void everySnippetIsTheTaggedRegionOfItsSource() throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = SNIPPET.matcher(doc);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String source = Files.readString(Path.of("..").resolve(m.group(2)));
            assertThat(m.group(3)).as("snippet %s of %s", m.group(1), DOC).isEqualTo(region(source, m.group(1)));
            checked.add(m.group(1));
        }
        assertThat(checked).containsExactly("tables", "queries", "soft");
    }

    static String region(String source, String tag) {
        Matcher m = Pattern.compile("// tag::" + Pattern.quote(tag) + "\\[\\]\\R(.*?)\\R\\s*// end::"
                + Pattern.quote(tag) + "\\[\\]", Pattern.DOTALL).matcher(source);
        assertThat(m.find()).as("region %s", tag).isTrue();
        List<String> lines = m.group(1).lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip()).toList());
    }
}
