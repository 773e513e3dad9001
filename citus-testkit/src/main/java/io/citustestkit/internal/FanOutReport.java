package io.citustestkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a failed router-queries check says, in one place for {@code @RouterQueriesOnly} (plain text: AssertJ is
 * optional) and {@code statementsDuring(...).areAllRouterQueries()} (an AssertJ message factory built from the same
 * parts), and the {@code allow} patterns both take.
 *
 * <pre>{@code
 * List<LoggedStatement> offending = FanOutReport.notAllowed(captured, FanOutReport.patterns("allow", allow));
 * throw new AssertionError(FanOutReport.message("OrdersTest.listsOrders()", offending, FanOutReport.ANNOTATION_HINT));
 * }</pre>
 */
public final class FanOutReport {

    private FanOutReport() {}

    /** The expectation, after "Expecting every statement sent to the coordinator during: (what)". */
    public static final String EXPECTATION =
            "to run on a single shard group (a router query), or on reference or local tables only";

    /** The hint of {@code @RouterQueriesOnly}. */
    public static final String ANNOTATION_HINT = "Add the tenant filter (WHERE <distribution column> = ...) so that"
            + " it runs on one shard group, or allow it: @RouterQueriesOnly(allow = \"<regular expression>\").";

    /** The hint of {@code statementsDuring(...)}. */
    public static final String ASSERTION_HINT = "Add the tenant filter (WHERE <distribution column> = ...) so that"
            + " it runs on one shard group, or allow it: statementsDuring(...).allowing(\"<regular expression>\")"
            + ".areAllRouterQueries().";

    /** Compiles the allow patterns; one that does not compile fails naming it and the element. */
    public static List<Pattern> patterns(String element, String... regexes) {
        List<Pattern> out = new ArrayList<>();
        for (int i = 0; i < regexes.length; i++) {
            String regex = Args.notNull(element + "[" + i + "]", regexes[i]);
            try {
                out.add(Pattern.compile(regex, Pattern.DOTALL));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(element + "[" + i + "] is not a regular expression: \"" + regex
                        + "\" (" + e.getDescription() + " near index " + e.getIndex() + "); allowed: a"
                        + " java.util.regex.Pattern that matches a part of the statements that may fan out, such as"
                        + " \"FROM audit_log\" or \"^SELECT count\\\\(\\\\*\\\\) FROM orders\"");
            }
        }
        return out;
    }

    /** The statements no pattern allows: one is allowed when a pattern matches a part of its text (find). */
    public static List<LoggedStatement> notAllowed(List<LoggedStatement> statements, List<Pattern> allow) {
        List<LoggedStatement> out = new ArrayList<>();
        for (LoggedStatement s : statements) {
            if (allow.stream().noneMatch(p -> p.matcher(s.sql()).find())) {
                out.add(s);
            }
        }
        return out;
    }

    /** "but 2 statements fanned out to more than one shard:". */
    public static String but(int count) {
        return "but " + count + (count == 1 ? " statement" : " statements") + " fanned out to more than one shard:";
    }

    /** Each statement: its text, its parameters and context where the log has them, the shards it touches. */
    public static List<String> lines(List<LoggedStatement> statements) {
        List<String> out = new ArrayList<>();
        int n = 1;
        for (LoggedStatement s : statements) {
            String number = n++ + ". ";
            String indent = " ".repeat(number.length());
            List<String> sql = s.sql().isEmpty() ? List.of("(the log has no statement text)") : s.sql().lines().toList();
            for (int i = 0; i < sql.size(); i++) {
                out.add((i == 0 ? number : indent) + sql.get(i));
            }
            if (!s.parameters().isEmpty()) {
                out.add(indent + "parameters: " + s.parameters().replace('\n', ' '));
            }
            if (!s.context().isEmpty()) {
                out.add(indent + "context: " + s.context().replace('\n', ' '));
            }
            out.add(indent + "shards touched: " + (s.shards() != null ? s.shards() : "not known (" + s.shardsUnknown() + ")"));
        }
        return out;
    }

    /** The whole message, as plain text with the platform's line separator. */
    public static String message(String during, List<LoggedStatement> offending, String hint) {
        String nl = System.lineSeparator();
        StringBuilder m = new StringBuilder(nl).append("Expecting every statement sent to the coordinator during:")
                .append(nl).append("  ").append(during).append(nl).append(EXPECTATION).append(nl)
                .append(but(offending.size()));
        for (String line : lines(offending)) {
            m.append(nl).append("  ").append(line);
        }
        return m.append(nl).append(hint).toString();
    }
}
