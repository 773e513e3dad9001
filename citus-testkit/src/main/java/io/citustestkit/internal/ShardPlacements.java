package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the shard of one distribution value lives, read from the coordinator's metadata: the table's kind, then the
 * primary placement of the shard {@code get_shard_id_for_distribution_column} names. Misuse (a reference table, a
 * table that is not distributed or does not exist) is an {@link IllegalArgumentException} naming the table and what
 * is allowed.
 *
 * <pre>{@code
 * ShardPlacements.Placement at = ShardPlacements.of(run::coordinatorSession, "invoices", 1L);
 * at.is("worker-1", 5432);   // true when worker-1 holds tenant 1's shard
 * }</pre>
 */
public final class ShardPlacements {

    private ShardPlacements() {}

    /** The node a shard placement is on, as registered in {@code pg_dist_node}. */
    public record Placement(String where, String host, int port) {

        /** Whether the placement is on the node registered under this host and port. */
        public boolean is(String nodeHost, int nodePort) {
            return host.equals(nodeHost) && port == nodePort;
        }

        /** The failure when no node of the cluster is registered there. */
        public IllegalStateException notANode() {
            return new IllegalStateException(where + "the shard is on " + host + ":" + port
                    + ", which is none of this cluster's nodes");
        }
    }

    /** The placement of {@code distributionValue}'s shard in {@code table}, read on a new coordinator session. */
    public static Placement of(Jdbc.Opener coordinator, String table, Object distributionValue) {
        Args.notBlank("table", table);
        Args.notNull("distributionValue", distributionValue);
        String where = "workerFor(\"" + table + "\", " + distributionValue + "): ";
        try (Connection c = coordinator.open()) {
            return of(c, where, table, distributionValue);
        } catch (SQLException e) {
            throw new IllegalStateException(where + "could not read the metadata on the coordinator: " + e.getMessage(),
                    e);
        }
    }

    private static Placement of(Connection c, String where, String table, Object distributionValue)
            throws SQLException {
        Object kind;
        try {
            kind = Jdbc.single(c, ClusterSql.TABLE_KIND, table);
        } catch (SQLException e) {
            throw new IllegalArgumentException(where + "table was \"" + table + "\"; allowed: an existing distributed"
                    + " table (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if ("reference".equals(kind)) {
            throw new IllegalArgumentException(where + table + " is a reference table: it is on every node, so no one"
                    + " worker holds a value; allowed: a distributed table (create_distributed_table)");
        }
        if (!"hash".equals(kind)) {
            throw new IllegalArgumentException(where + table + " is " + (kind == null ? "not a Citus table"
                    : "a Citus table of kind " + kind) + "; allowed: a distributed table (create_distributed_table)");
        }
        List<List<Object>> rows;
        try {
            rows = Jdbc.query(c, ClusterSql.NODE_OF_VALUE, table, String.valueOf(distributionValue));
        } catch (SQLException e) {
            throw new IllegalArgumentException(where + "distributionValue was " + distributionValue + "; allowed: a"
                    + " value of the distribution column's type (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(where + "no primary node holds that shard in pg_dist_placement");
        }
        return new Placement(where, rows.get(0).get(0).toString(), ((Number) rows.get(0).get(1)).intValue());
    }
}
