package io.citustestkit.internal;

import io.citustestkit.CitusScriptException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.ext.ScriptUtils;

/**
 * Runs the SQL scripts of a cluster (init scripts, data scripts) on one connection, statement by statement, split the
 * way Testcontainers' {@code ScriptUtils} splits init scripts. A failing statement stops the run with a
 * {@link CitusScriptException} whose message leads with what a user needs: the script, the statement's number and line, and
 * PostgreSQL's error; the statement follows below it, the script text is not repeated.
 *
 * <pre>{@code
 * SqlScripts.run(run::coordinatorSession, List.of("db/schema.sql"), List.of("db/seed.sql"));
 * // CitusScriptException: init script db/schema.sql, statement 3 (line 12): ERROR: relation "x" does not exist
 * //                  Position: 15
 * //                statement: INSERT INTO x VALUES (1)
 * }</pre>
 */
public final class SqlScripts {

    private SqlScripts() {}

    /** One statement of a script and the line it starts on (1-based). */
    record Part(String sql, int line) {}

    /**
     * Runs the init scripts, then the data scripts, on one new session; nothing is opened when there are none.
     *
     * @throws CitusScriptException when a statement fails or a script cannot be read
     */
    public static void run(Jdbc.Opener session, List<String> initScripts, List<String> dataScripts) {
        if (initScripts.isEmpty() && dataScripts.isEmpty()) {
            return;
        }
        try (Connection c = session.open()) {
            run(c, "init script", initScripts);
            run(c, "data script", dataScripts);
        } catch (SQLException e) {
            throw new IllegalStateException("could not open a session on the coordinator to run "
                    + (initScripts.isEmpty() ? "" : "init scripts " + initScripts + " ")
                    + (dataScripts.isEmpty() ? "" : "data scripts " + dataScripts) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the scripts in order; each statement commits on its own (autocommit), as Testcontainers runs them.
     *
     * @param kind what the scripts are, for the message: {@code "init script"} or {@code "data script"}
     * @throws CitusScriptException when a statement fails or a script cannot be read
     */
    public static void run(Connection connection, String kind, List<String> paths) {
        for (String path : paths) {
            List<Part> parts = split(path, read(kind, path));
            for (int i = 0; i < parts.size(); i++) {
                Part part = parts.get(i);
                try (Statement s = connection.createStatement()) {
                    s.execute(part.sql());
                } catch (SQLException e) {
                    throw new CitusScriptException(path, part.line(), part.sql(), kind + " " + path + ", statement "
                            + (i + 1) + (part.line() > 0 ? " (line " + part.line() + ")" : "") + ": " + e.getMessage()
                            + "\nstatement: " + part.sql(), e);
                }
            }
        }
    }

    /**
     * The statements of a script with the line each starts on. The splitter drops comments and folds whitespace, so
     * each statement is found again by walking the script over whitespace and comments; line 0 after that fails (a
     * comment marker inside a string literal) for every later statement.
     */
    static List<Part> split(String path, String script) {
        List<String> statements = new ArrayList<>();
        ScriptUtils.splitSqlScript(path, script, ScriptUtils.DEFAULT_STATEMENT_SEPARATOR,
                ScriptUtils.DEFAULT_COMMENT_PREFIX, ScriptUtils.DEFAULT_BLOCK_COMMENT_START_DELIMITER,
                ScriptUtils.DEFAULT_BLOCK_COMMENT_END_DELIMITER, statements);
        List<Part> parts = new ArrayList<>();
        int p = 0;
        for (String statement : statements) {
            p = p < 0 ? -1 : skipSpaceAndComments(script, p);
            int line = p < 0 ? 0 : lineAt(script, p);
            for (int i = 0; i < statement.length() && p >= 0; i++) {
                char ch = statement.charAt(i);
                if (!Character.isWhitespace(ch)) {
                    p = skipSpaceAndComments(script, p);
                    p = p < script.length() && script.charAt(p) == ch ? p + 1 : -1;
                }
            }
            if (p >= 0) {
                p = skipSpaceAndComments(script, p);
                p = p < script.length() && script.charAt(p) == ';' ? p + 1 : p;
            }
            parts.add(new Part(statement, line));
        }
        return parts;
    }

    private static int skipSpaceAndComments(String script, int from) {
        int i = from;
        while (i < script.length()) {
            if (Character.isWhitespace(script.charAt(i))) {
                i++;
            } else if (script.startsWith("--", i)) {
                int nl = script.indexOf('\n', i);
                i = nl < 0 ? script.length() : nl + 1;
            } else if (script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? script.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static int lineAt(String script, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(String kind, String path) {
        URL url = InitScripts.resource(path);
        if (url == null) {
            throw new CitusScriptException(path, kind + " " + path + ": not found on the classpath; allowed: "
                    + InitScripts.allowedInstead(path), null);
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CitusScriptException(path, kind + " " + path + ": could not be read: " + e.getMessage(), e);
        }
    }
}
