package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Small JDBC helpers for the statements the kit issues. */
public final class Jdbc {

    private Jdbc() {}

    /** Opens a session, for parts that open and close their own ({@code run::coordinatorSession}). */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** A connection with short timeouts, used for readiness polling and the kit's own statements. */
    public static Connection connect(String url, String user, String password, int timeoutSeconds) throws SQLException {
        return connect(url, user, password, timeoutSeconds, new Properties());
    }

    private static Connection connect(String url, String user, String password, int timeoutSeconds, Properties props)
            throws SQLException {
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        props.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        props.setProperty("ApplicationName", "citus-testkit");
        return new org.postgresql.Driver().connect(url, props);
    }

    /**
     * A connection for the kit's own statements (registration, reset, assertions): like {@link #connect}, and its
     * statements are never captured as the application's ({@link AssertionSql#NOT_CAPTURED_OPTIONS}).
     */
    public static Connection connectForKit(String url, String user, String password, int timeoutSeconds)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("options", AssertionSql.NOT_CAPTURED_OPTIONS);
        return connect(url, user, password, timeoutSeconds, props);
    }

    public static void execute(Connection c, String sql, Object... params) throws SQLException {
        if (params.length == 0) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        } else {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, params);
                s.execute();
            }
        }
    }

    public static List<List<Object>> query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(cols);
                    for (int i = 1; i <= cols; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** First column of every row, as strings. */
    public static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        for (List<Object> row : query(c, sql, params)) {
            out.add(row.get(0) == null ? null : row.get(0).toString());
        }
        return out;
    }

    /** The single value of a one-row, one-column query, or null when there is no row. */
    public static Object single(Connection c, String sql, Object... params) throws SQLException {
        List<List<Object>> rows = query(c, sql, params);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    private static void bind(PreparedStatement s, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }

}
