package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code reset()} the way Citus would do it, when {@link NodeDrop} on every node is not possible: one transaction on
 * the coordinator runs the {@code DROP}s, and Citus drops the shard placements (one after another, a round trip
 * each) and the objects on the workers (its DDL propagation and drop trigger).
 */
final class CitusDrop {

    private CitusDrop() {}

    /** Runs the drops on the coordinator's session, in one transaction; rolled back when one fails. */
    static void run(Connection c) throws SQLException {
        List<String> drops = dropStatements(c);
        c.setAutoCommit(false);
        try {
            for (String sql : drops) {
                Jdbc.execute(c, sql);
            }
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // a broken session is replaced on next use
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // a broken session is replaced on next use
            }
        }
    }

    /**
     * The DROP statements of a reset, from the catalogue: user schemas, then in {@code public} views, tables,
     * sequences, routines and types.
     */
    private static List<String> dropStatements(Connection c) throws SQLException {
        List<String> statements = new ArrayList<>();
        statements.add(ClusterSql.dropAll("SCHEMA", Jdbc.strings(c, ClusterSql.USER_SCHEMAS)));
        dropByKind(statements, Jdbc.query(c, ClusterSql.PUBLIC_RELATIONS),
                Map.of("v", "VIEW", "m", "MATERIALIZED VIEW", "f", "FOREIGN TABLE"), "TABLE",
                List.of("VIEW", "MATERIALIZED VIEW", "TABLE", "FOREIGN TABLE"));
        statements.add(ClusterSql.dropAll("SEQUENCE", Jdbc.strings(c, ClusterSql.PUBLIC_SEQUENCES)));
        dropByKind(statements, Jdbc.query(c, ClusterSql.PUBLIC_ROUTINES),
                Map.of("p", "PROCEDURE", "a", "AGGREGATE"), "FUNCTION",
                List.of("AGGREGATE", "PROCEDURE", "FUNCTION"));
        statements.add(ClusterSql.dropAll("TYPE", Jdbc.strings(c, ClusterSql.PUBLIC_TYPES)));
        statements.removeIf(Objects::isNull);
        return statements;
    }

    /**
     * Adds one DROP statement per kind, in the given order, for catalogue rows of (kind code, qualified name): the
     * code maps to the object kind ({@code "v"} to {@code VIEW}), any other code to the default kind.
     */
    private static void dropByKind(List<String> statements, List<List<Object>> rows, Map<String, String> kinds,
            String defaultKind, List<String> order) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            String kind = kinds.getOrDefault(row.get(0).toString(), defaultKind);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(row.get(1).toString());
        }
        for (String kind : order) {
            statements.add(ClusterSql.dropAll(kind, byKind.getOrDefault(kind, List.of())));
        }
    }
}
