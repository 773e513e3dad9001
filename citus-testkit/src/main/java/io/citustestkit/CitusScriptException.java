package io.citustestkit;

import java.sql.SQLException;

/**
 * An init or data script failed: a statement of it failed, or it could not be found or read. The message leads with
 * what you need: the kind of script, its path, the statement's number and line and PostgreSQL's error; the statement
 * follows on a line of its own. A script that is not on the classpath lists the {@code .sql} files next to where it
 * was looked for.
 *
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer().withInitScript("db/schema.sql")) {
 *     cluster.start();
 * } catch (CitusScriptException e) {
 *     // init script db/schema.sql, statement 3 (line 12): ERROR: relation "x" does not exist
 *     //   Position: 15
 *     // statement: INSERT INTO x VALUES (1)
 *     System.err.println(e.getScript() + " line " + e.getLine() + ": " + e.getSQLException().getSQLState());
 * }
 * }</pre>
 *
 * <p>Thrown by {@code start()} (init and data scripts), by {@code truncateTables()} and {@code reset()} under
 * {@code @CitusCluster(reset = ...)} when the scripts run again, and under {@code @CitusCluster} it fails the class.
 * The cluster was stopped when {@code start()} throws it.
 */
public class CitusScriptException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String script;
    private final int line;
    private final String statement;
    private final transient SQLException sqlException;

    /**
     * A statement that failed. PostgreSQL's error is part of the message and kept by {@link #getSQLException()}, not
     * as the cause: a stack trace shows it once, not twice.
     *
     * @param script       the script's classpath path
     * @param line         the line the failing statement starts on (1-based), or 0 when not known
     * @param statement    the failing statement
     * @param message      the whole message, with PostgreSQL's error
     * @param sqlException PostgreSQL's error
     */
    public CitusScriptException(String script, int line, String statement, String message,
            SQLException sqlException) {
        super(message);
        this.script = script;
        this.line = line;
        this.statement = statement;
        this.sqlException = sqlException;
    }

    /**
     * A script that could not be found or read.
     *
     * @param script  the script's classpath path
     * @param message the whole message
     * @param cause   the read failure, or null
     */
    public CitusScriptException(String script, String message, Throwable cause) {
        super(message, cause);
        this.script = script;
        this.line = 0;
        this.statement = null;
        this.sqlException = null;
    }

    /** The script's classpath path, such as {@code db/schema.sql}. */
    public String getScript() {
        return script;
    }

    /** The line the failing statement starts on (1-based), or 0 when not known or not a statement. */
    public int getLine() {
        return line;
    }

    /** The failing statement, or null when the script could not be found or read. */
    public String getStatement() {
        return statement;
    }

    /**
     * PostgreSQL's error for the failing statement ({@code getSQLState()} and the server's details), or null when the
     * script could not be found or read (or after serialization).
     */
    public SQLException getSQLException() {
        return sqlException;
    }
}
