package io.citustestkit.assertj;

import io.citustestkit.internal.Args;
import io.citustestkit.internal.TableMetadata;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about how Citus distributes one table, read from the coordinator's metadata
 * ({@code pg_dist_partition}, {@code pg_dist_shard}, {@code pg_dist_placement}, {@code pg_dist_node}).
 *
 * <pre>{@code
 * assertThat(cluster).table("orders")
 *         .isDistributed()
 *         .hasDistributionColumn("tenant_id")
 *         .hasShardCount(32)
 *         .isColocatedWith("order_items")
 *         .hasShardsOnEveryWorker();
 * assertThat(cluster).table("countries").isReferenceTable();
 * assertThat(cluster).table("app.\"AuditLog\"").isLocalTable();
 * }</pre>
 *
 * <p>A failure shows what the table is instead: its partition method, distribution column, colocation id and shard
 * count, or that it does not exist.
 */
public class DistributedTableAssert extends AbstractAssert<DistributedTableAssert, ClusterTable> {

    private TableMetadata metadata;

    /** Assertions about the given table; usually created by {@link CitusClusterAssert#table(String)}. */
    public DistributedTableAssert(ClusterTable actual) {
        super(actual, DistributedTableAssert.class);
    }

    /**
     * Verifies that Citus distributes the table: {@code create_distributed_table} with a distribution column, or a
     * single-shard distributed table (no column, schema-based sharding). Reference and Citus-local tables fail.
     */
    public DistributedTableAssert isDistributed() {
        TableMetadata t = metadata("be distributed");
        if (!t.isDistributed()) {
            failWithMessage(Messages.table(t, "be distributed"));
        }
        return myself;
    }

    /** Verifies that the table is a reference table ({@code create_reference_table}). */
    public DistributedTableAssert isReferenceTable() {
        TableMetadata t = metadata("be a reference table");
        if (t.kind() != TableMetadata.Kind.REFERENCE) {
            failWithMessage(Messages.table(t, "be a reference table"));
        }
        return myself;
    }

    /**
     * Verifies that the table's data stays on the coordinator: a plain PostgreSQL table (not in Citus metadata) or
     * a Citus-local table ({@code citus_add_local_table_to_metadata}). Distributed and reference tables fail.
     */
    public DistributedTableAssert isLocalTable() {
        TableMetadata t = metadata("be a local table (plain or Citus-local)");
        if (!t.isLocal()) {
            failWithMessage(Messages.table(t, "be a local table (plain or Citus-local)"));
        }
        return myself;
    }

    /**
     * Verifies that the table is distributed by the given column. An unquoted name matches as SQL folds it
     * ({@code "TENANT_ID"} matches {@code tenant_id}); a double-quoted one ({@code "\"TenantId\""}) matches exactly.
     */
    public DistributedTableAssert hasDistributionColumn(String column) {
        Args.notBlank("column", column);
        String expectation = "be distributed by column " + column;
        TableMetadata t = metadata(expectation);
        if (t.kind() != TableMetadata.Kind.DISTRIBUTED || !TableMetadata.sameColumn(column, t.distributionColumn())) {
            failWithMessage(Messages.distributionColumn(t, column));
        }
        return myself;
    }

    /** Verifies the number of shards the table has ({@code pg_dist_shard}); a table Citus does not know has 0. */
    public DistributedTableAssert hasShardCount(int expected) {
        Args.inRange("expected shard count", expected, 0, Integer.MAX_VALUE);
        TableMetadata t = metadata("have " + Messages.shards(expected));
        if (t.shardCount() != expected) {
            failWithMessage(Messages.shardCount(t, expected));
        }
        return myself;
    }

    /**
     * Verifies that the table is in the same co-location group as another ({@code pg_dist_partition.colocationid},
     * not 0): their shards with equal hash ranges sit on the same node, so joins and foreign keys on the
     * distribution column stay on one node. The other name is resolved like {@link CitusClusterAssert#table(String)}.
     */
    public DistributedTableAssert isColocatedWith(String otherTable) {
        Args.notBlank("otherTable", otherTable);
        String expectation = "be co-located with " + otherTable;
        TableMetadata t = metadata(expectation);
        TableMetadata other;
        try (Connection c = Coordinator.connect(actual.cluster(), "isColocatedWith")) {
            Optional<TableMetadata> found;
            try {
                found = TableMetadata.read(c, otherTable);
            } catch (SQLException e) {
                throw failure(Messages.tableNameInvalid(otherTable, "exist, as the table " + t.qualifiedName()
                        + " should be co-located with it", e.getMessage()));
            }
            if (found.isEmpty()) {
                throw failure(Messages.tableMissing(otherTable, "exist, as the table " + t.qualifiedName()
                        + " should be co-located with it", TableMetadata.searchPath(c)));
            }
            other = found.get();
        } catch (SQLException e) {
            throw Coordinator.readFailure("isColocatedWith", e);
        }
        boolean colocated = t.inCitusMetadata() && other.inCitusMetadata() && t.colocationId() != null
                && t.colocationId() != 0 && t.colocationId().equals(other.colocationId());
        if (!colocated) {
            failWithMessage(Messages.colocation(t, other));
        }
        return myself;
    }

    /**
     * Verifies that every active worker holds at least one shard placement of the table
     * ({@code pg_dist_placement}); fails for a cluster without workers and for a table without shards.
     */
    public DistributedTableAssert hasShardsOnEveryWorker() {
        TableMetadata t = metadata("have shards on every active worker");
        List<TableMetadata.NodePlacements> nodes;
        try (Connection c = Coordinator.connect(actual.cluster(), "hasShardsOnEveryWorker")) {
            nodes = TableMetadata.readPlacements(c, actual.name());
        } catch (SQLException e) {
            throw Coordinator.readFailure("hasShardsOnEveryWorker", e);
        }
        List<TableMetadata.NodePlacements> workers = nodes.stream().filter(n -> !n.coordinator() && n.active()).toList();
        boolean ok = t.inCitusMetadata() && !workers.isEmpty() && workers.stream().allMatch(n -> n.placements() > 0);
        if (!ok) {
            failWithMessage(Messages.shardsOnEveryWorker(t, nodes));
        }
        return myself;
    }

    /** The table's metadata, read once per assert instance; a missing table fails with the expectation named. */
    private TableMetadata metadata(String expectation) {
        isNotNull();
        if (metadata != null) {
            return metadata;
        }
        try (Connection c = Coordinator.connect(actual.cluster(), "table(\"" + actual.name() + "\")")) {
            Optional<TableMetadata> found;
            try {
                found = TableMetadata.read(c, actual.name());
            } catch (SQLException e) {
                // to_regclass returns NULL for a missing table but rejects a malformed name
                throw failure(Messages.tableNameInvalid(actual.name(), expectation, e.getMessage()));
            }
            if (found.isEmpty()) {
                throw failure(Messages.tableMissing(actual.name(), expectation, TableMetadata.searchPath(c)));
            }
            metadata = found.get();
            return metadata;
        } catch (SQLException e) {
            throw Coordinator.readFailure("table(\"" + actual.name() + "\")", e);
        }
    }
}
