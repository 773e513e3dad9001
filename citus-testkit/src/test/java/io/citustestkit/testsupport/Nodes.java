package io.citustestkit.testsupport;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The nodes of a started cluster. */
public final class Nodes {

    private Nodes() {}

    /** The coordinator first, then every worker in order. */
    public static List<CitusNode> all(CitusClusterContainer cluster) {
        List<CitusNode> all = new ArrayList<>();
        all.add(cluster.getCoordinator());
        all.addAll(cluster.getWorkers());
        return all;
    }

    /**
     * The rows one node holds itself in the shards of a table of schema public, read on a connection to that node
     * (not through the coordinator): the sum over its shard tables {@code <table>_<shard id>}, which Citus hides
     * from catalog queries of other sessions unless table visibility is overridden.
     */
    public static long rowsInShards(CitusNode node, String table) throws SQLException {
        try (Connection c = node.createConnection()) {
            exec(c, "SET citus.override_table_visibility TO off");
            long rows = 0;
            for (String shard : strings(c, "SELECT c.oid::regclass::text FROM pg_class c"
                    + " JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.relkind = 'r' AND s.nspname = 'public'"
                    + " AND c.relname ~ '^" + table + "_[0-9]+$'")) {
                rows += count(c, "SELECT count(*) FROM " + shard);
            }
            return rows;
        }
    }
}
