package io.citustestkit.assertj;

import io.citustestkit.internal.PlanReader;
import io.citustestkit.internal.TableMetadata;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the failure messages of the Citus assertions, AssertJ style: {@code %nExpecting ...%nto ...%nbut was ...}.
 * Messages use {@code %n} for line breaks and are passed to AssertJ as a format, so every value in them is escaped
 * ({@code %} doubled) by {@link #value(Object)}.
 */
final class Messages {

    private Messages() {}

    // ---------------------------------------------------------------------------------------------
    // cluster
    // ---------------------------------------------------------------------------------------------

    static String activeWorkers(int expected, List<String> active, List<String> registeredWorkers) {
        StringBuilder s = new StringBuilder();
        s.append("%nExpecting the Citus cluster%nto have ").append(expected).append(expected == 1 ? " active worker" : " active workers")
                .append("%nbut was:%n  ").append(active.size()).append(active.size() == 1 ? " active worker" : " active workers")
                .append(" (citus_get_active_worker_nodes())");
        for (String w : active) {
            s.append("%n    ").append(value(w));
        }
        s.append("%nWorkers in pg_dist_node:");
        if (registeredWorkers.isEmpty()) {
            s.append("%n    (none)");
        }
        for (String w : registeredWorkers) {
            s.append("%n    ").append(value(w));
        }
        return s.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // tables
    // ---------------------------------------------------------------------------------------------

    static String tableMissing(String requestedName, String expectation, String searchPath) {
        return "%nExpecting table:%n  " + value(requestedName) + "%nto " + expectation
                + "%nbut it does not exist: to_regclass(" + value(sqlLiteral(requestedName)) + ") is NULL"
                + " (search_path: " + value(searchPath) + ")";
    }

    static String tableNameInvalid(String requestedName, String expectation, String error) {
        return "%nExpecting table:%n  " + value(requestedName) + "%nto " + expectation
                + "%nbut the name is not valid: to_regclass(" + value(sqlLiteral(requestedName)) + ") failed:%n  "
                + value(error);
    }

    /** The common shape: the table, what was expected, what it is. */
    static String table(TableMetadata actual, String expectation) {
        return "%nExpecting table:%n  " + value(actual.qualifiedName()) + "%nto " + expectation
                + "%nbut was:%n  " + value(actual.describe());
    }

    static String distributionColumn(TableMetadata actual, String expectedColumn) {
        String expectation = "be distributed by column:%n  " + value(expectedColumn);
        if (actual.kind() != TableMetadata.Kind.DISTRIBUTED) {
            return table(actual, expectation) + "%nwhich has no distribution column";
        }
        return "%nExpecting table:%n  " + value(actual.qualifiedName()) + "%nto " + expectation
                + "%nbut was distributed by column:%n  " + value(actual.distributionColumn())
                + "%n(" + value(actual.describe()) + ")";
    }

    static String shardCount(TableMetadata actual, int expected) {
        return "%nExpecting table:%n  " + value(actual.qualifiedName()) + "%nto have " + shards(expected)
                + "%nbut was:%n  " + shards(actual.shardCount()) + " in pg_dist_shard"
                + "%n(" + value(actual.describe()) + ")";
    }

    static String colocation(TableMetadata actual, TableMetadata other) {
        String reason;
        if (!actual.inCitusMetadata() || !other.inCitusMetadata()) {
            reason = "a table that is not in Citus metadata is co-located with nothing";
        } else if (actual.colocationId() == 0 || other.colocationId() == 0) {
            reason = "colocation id 0 (a Citus-local table) is co-located with nothing";
        } else {
            reason = "their colocation ids differ";
        }
        return "%nExpecting table:%n  " + value(actual.qualifiedName()) + "%nto be co-located with:%n  "
                + value(other.qualifiedName())
                + "%nbut was not: " + reason + ":"
                + "%n  " + value(actual.qualifiedName()) + ": " + value(actual.describe())
                + "%n  " + value(other.qualifiedName()) + ": " + value(other.describe());
    }

    static String shardsOnEveryWorker(TableMetadata actual, List<TableMetadata.NodePlacements> nodes) {
        List<TableMetadata.NodePlacements> workers = nodes.stream()
                .filter(n -> !n.coordinator() && n.active()).collect(Collectors.toList());
        String but;
        if (!actual.inCitusMetadata()) {
            but = "it has no shards: " + actual.describe();
        } else if (workers.isEmpty()) {
            but = "the cluster has no active worker";
        } else {
            List<String> without = workers.stream().filter(n -> n.placements() == 0)
                    .map(TableMetadata.NodePlacements::address).collect(Collectors.toList());
            but = (without.size() == 1 ? "worker " + without.get(0) + " has" : "workers " + String.join(", ", without) + " have")
                    + " no shard of it";
        }
        StringBuilder s = new StringBuilder("%nExpecting table:%n  " + value(actual.qualifiedName())
                + "%nto have shards on every active worker%nbut " + value(but) + "."
                + "%nShard placements per node (pg_dist_placement):");
        for (TableMetadata.NodePlacements n : nodes) {
            s.append("%n  ").append(value(n.describe()));
        }
        s.append("%n(").append(value(actual.describe())).append(')');
        return s.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // queries
    // ---------------------------------------------------------------------------------------------

    static String query(String sql, List<Object> params, String expectation, PlanReader.Plan plan) {
        return "%nExpecting query:%n  " + value(sql) + parameters(params) + "%nto " + expectation
                + "%nbut it touches " + value(plan.summary())
                + "%nPlan excerpt (EXPLAIN):%n" + indent(plan.excerpt());
    }

    static String explainFailed(String sql, List<Object> params, String expectation, String error) {
        return "%nExpecting query:%n  " + value(sql) + parameters(params) + "%nto " + expectation
                + "%nbut EXPLAIN (FORMAT JSON) failed:%n  " + value(error);
    }

    static String parameters(List<Object> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("%nwith parameters:");
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            s.append("%n  $").append(i + 1).append(" = ")
                    .append(p == null ? "null" : value(p) + " (" + p.getClass().getSimpleName() + ")");
        }
        return s.toString();
    }

    // ---------------------------------------------------------------------------------------------

    static String shards(int n) {
        return n + (n == 1 ? " shard" : " shards");
    }

    private static String indent(String block) {
        return block.lines().map(l -> "  " + value(l)).collect(Collectors.joining("%n"));
    }

    private static String sqlLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A value inside a message format: {@code %} doubled, line breaks as {@code %n}. */
    static String value(Object o) {
        return String.valueOf(o).replace("%", "%%").replace("\r\n", "%n").replace("\n", "%n");
    }
}
