package io.citustestkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Doc snippets come from compiled example code. A snippet in Markdown is marked
 *
 * <pre>
 * &lt;!-- snippet: examples/quickstart/src/test/java/.../QuickstartIT.java#tag --&gt;
 * ```java
 * ...
 * ```
 * </pre>
 *
 * and must equal the lines between {@code // tag::tag[]} and {@code // end::tag[]} (in XML
 * {@code <!-- tag::tag[] -->} and {@code <!-- end::tag[] -->}) in that file (indentation removed). Run with {@code -Ddocs.update=true} to rewrite the snippets from the code.
 */
class SnippetsTest {

    static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (?<file>[^#\\s]+)#(?<tag>[\\w-]+) -->\\R```(?<lang>\\w*)\\R(?<body>.*?)```", Pattern.DOTALL);

    static Path root() {
        return Path.of(System.getProperty("docs.root", "..")).toAbsolutePath().normalize();
    }

    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> examples = Files.walk(root().resolve("examples"), 2)) {
            examples.filter(p -> p.getFileName().toString().equals("README.md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The tagged region of a source file, dedented, ending with a newline. */
    static String region(Path file, String tag) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim().replaceFirst("\\s*-->$", ""); // XML: <!-- tag::x[] -->
            if (l.endsWith("tag::" + tag + "[]")) {
                start = i + 1;
            } else if (l.endsWith("end::" + tag + "[]")) {
                end = i;
            }
        }
        if (start < 0 || end < start) {
            throw new AssertionError("no region tag::" + tag + "[] ... end::" + tag + "[] in " + file);
        }
        List<String> body = lines.subList(start, end).stream()
                .filter(l -> !l.trim().matches("(//|<!--)\\s*(tag|end)::[\\w-]+\\[\\](\\s*-->)?"))
                .collect(Collectors.toList());
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void everySnippetEqualsTheCompiledExampleCode() throws IOException {
        boolean update = Boolean.getBoolean("docs.update");
        List<String> mismatches = new ArrayList<>();
        int snippets = 0;
        for (Path md : markdownFiles()) {
            String text = Files.readString(md, StandardCharsets.UTF_8);
            Matcher m = SNIPPET.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                snippets++;
                Path source = root().resolve(m.group("file"));
                assertThat(source).as("snippet source named in " + md).exists();
                String expected = region(source, m.group("tag"));
                String actual = m.group("body").replace("\r\n", "\n");
                if (!expected.equals(actual)) {
                    mismatches.add(root().relativize(md) + ": snippet " + m.group("file") + "#" + m.group("tag"));
                }
                m.appendReplacement(out, Matcher.quoteReplacement("<!-- snippet: " + m.group("file") + "#" + m.group("tag")
                        + " -->\n```" + m.group("lang") + "\n" + expected + "```"));
            }
            m.appendTail(out);
            if (update && !out.toString().equals(text)) {
                Files.writeString(md, out.toString(), StandardCharsets.UTF_8);
            }
        }
        assertThat(snippets).as("snippets found in the docs").isPositive();
        if (!update) {
            assertThat(mismatches)
                    .as("snippets that differ from the example code (run ./mvnw -pl docs test -Ddocs.update=true)")
                    .isEmpty();
        }
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Pattern link = Pattern.compile("\\]\\((?!https?:|mailto:|#)([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        for (Path md : markdownFiles()) {
            Matcher m = link.matcher(Files.readString(md, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!Files.exists(md.getParent().resolve(m.group(1)))) {
                    broken.add(root().relativize(md) + " -> " + m.group(1));
                }
            }
        }
        assertThat(broken).as("broken relative links").isEmpty();
    }

    /**
     * A main class a command in the docs or in examples/ci names ({@code -Dexec.mainClass=...}) exists in this
     * repository's sources, and is none of the kit's internals (they may change in any release).
     */
    @Test
    void everyMainClassACommandNamesExistsAndIsNotInternal() throws IOException {
        Pattern mainClass = Pattern.compile("-Dexec\\.mainClass=([\\w.$]+)");
        List<Path> files = new ArrayList<>(markdownFiles());
        try (Stream<Path> ci = Files.list(root().resolve("examples/ci"))) {
            ci.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
        }
        List<String> wrong = new ArrayList<>();
        int named = 0;
        for (Path file : files) {
            Matcher m = mainClass.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                named++;
                String name = m.group(1);
                String source = name.replace('.', '/') + ".java";
                boolean exists = Stream.of("citus-testkit/src/main/java/", "citus-testkit/src/test/java/")
                        .anyMatch(dir -> Files.exists(root().resolve(dir + source)));
                if (!exists || name.contains(".internal.")) {
                    wrong.add(root().relativize(file) + ": " + name + (exists ? " is internal" : " does not exist"));
                }
            }
        }
        assertThat(named).as("main classes named in commands").isPositive();
        assertThat(wrong).as("main classes of commands in the docs").isEmpty();
    }
}
