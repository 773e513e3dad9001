package io.citustestkit.assertj;

import static io.citustestkit.assertj.CitusErrorMessage.parts;
import static io.citustestkit.assertj.CitusErrorMessage.shards;
import static io.citustestkit.assertj.CitusErrorMessage.withActualAndExpected;
import static io.citustestkit.assertj.ShouldBeColocated.shouldBeColocated;
import static io.citustestkit.assertj.ShouldBeTableOfKind.shouldBeTableOfKind;
import static io.citustestkit.assertj.ShouldHaveDistributionColumn.shouldHaveDistributionColumn;
import static io.citustestkit.assertj.ShouldHaveShardCount.shouldHaveShardCount;
import static io.citustestkit.assertj.ShouldHaveShardsOnEveryWorker.shouldHaveShardsOnEveryWorker;
import static io.citustestkit.assertj.TableShouldExist.tableNameShouldBeValid;
import static io.citustestkit.assertj.TableShouldExist.tableShouldExist;

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
 * count, or that it does not exist. {@code hasShardCount(n)} fails with actual and expected counts, so an IDE shows
 * the difference.
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
        CitusErrorMessage.Parts expectation = parts("be distributed");
        TableMetadata t = metadata(expectation);
        if (!t.isDistributed()) {
            throwAssertionError(shouldBeTableOfKind(t, expectation));
        }
        return myself;
    }

    /** Verifies that the table is a reference table ({@code create_reference_table}). */
    public DistributedTableAssert isReferenceTable() {
        CitusErrorMessage.Parts expectation = parts("be a reference table");
        TableMetadata t = metadata(expectation);
        if (t.kind() != TableMetadata.Kind.REFERENCE) {
            throwAssertionError(shouldBeTableOfKind(t, expectation));
        }
        return myself;
    }

    /**
     * Verifies that the table's data stays on the coordinator: a plain PostgreSQL table (not in Citus metadata) or
     * a Citus-local table ({@code citus_add_local_table_to_metadata}). Distributed and reference tables fail.
     */
    public DistributedTableAssert isLocalTable() {
        CitusErrorMessage.Parts expectation = parts("be a local table (plain or Citus-local)");
        TableMetadata t = metadata(expectation);
        if (!t.isLocal()) {
            throwAssertionError(shouldBeTableOfKind(t, expectation));
        }
        return myself;
    }

    /**
     * Verifies that the table is distributed by the given column. An unquoted name matches as SQL folds it
     * ({@code "TENANT_ID"} matches {@code tenant_id}); a double-quoted one ({@code "\"TenantId\""}) matches exactly.
     */
    public DistributedTableAssert hasDistributionColumn(String column) {
        Args.notBlank("column", column);
        TableMetadata t = metadata(parts("be distributed by column ").verbatim(column));
        if (t.kind() != TableMetadata.Kind.DISTRIBUTED || !TableMetadata.sameColumn(column, t.distributionColumn())) {
            throwAssertionError(shouldHaveDistributionColumn(t, column));
        }
        return myself;
    }

    /** Verifies the number of shards the table has ({@code pg_dist_shard}); a table Citus does not know has 0. */
    public DistributedTableAssert hasShardCount(int expected) {
        Args.inRange("expected shard count", expected, 0, Integer.MAX_VALUE);
        TableMetadata t = metadata(parts("have ").append(shards(expected)));
        if (t.shardCount() != expected) {
            // actual and expected counts go with the message, so an IDE shows the difference
            throw withActualAndExpected(info, shouldHaveShardCount(t, expected), t.shardCount(), expected);
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
        TableMetadata t = metadata(parts("be co-located with ").verbatim(otherTable));
        TableMetadata other;
        try (Connection c = Coordinator.connect(actual.cluster(), "isColocatedWith")) {
            Optional<TableMetadata> found;
            try {
                found = TableMetadata.read(c, otherTable);
            } catch (SQLException e) {
                throw assertionError(tableNameShouldBeValid(otherTable, otherShouldExist(t), e.getMessage()));
            }
            if (found.isEmpty()) {
                throw assertionError(tableShouldExist(otherTable, otherShouldExist(t), TableMetadata.searchPath(c)));
            }
            other = found.get();
        } catch (SQLException e) {
            throw Coordinator.readFailure("isColocatedWith", e);
        }
        boolean colocated = t.inCitusMetadata() && other.inCitusMetadata() && t.colocationId() != null
                && t.colocationId() != 0 && t.colocationId().equals(other.colocationId());
        if (!colocated) {
            throwAssertionError(shouldBeColocated(t, other));
        }
        return myself;
    }

    /**
     * Verifies that every active worker holds at least one shard placement of the table
     * ({@code pg_dist_placement}); fails for a cluster without workers and for a table without shards.
     */
    public DistributedTableAssert hasShardsOnEveryWorker() {
        TableMetadata t = metadata(parts("have shards on every active worker"));
        List<TableMetadata.NodePlacements> nodes;
        try (Connection c = Coordinator.connect(actual.cluster(), "hasShardsOnEveryWorker")) {
            nodes = TableMetadata.readPlacements(c, actual.name());
        } catch (SQLException e) {
            throw Coordinator.readFailure("hasShardsOnEveryWorker", e);
        }
        List<TableMetadata.NodePlacements> workers = nodes.stream().filter(n -> !n.coordinator() && n.active()).toList();
        boolean ok = t.inCitusMetadata() && !workers.isEmpty() && workers.stream().allMatch(n -> n.placements() > 0);
        if (!ok) {
            throwAssertionError(shouldHaveShardsOnEveryWorker(t, nodes));
        }
        return myself;
    }

    /** The table's metadata, read once per assert instance; a missing table fails with the expectation named. */
    private static CitusErrorMessage.Parts otherShouldExist(TableMetadata t) {
        return parts("exist, as the table ").verbatim(t.qualifiedName()).text(" should be co-located with it");
    }

    private TableMetadata metadata(CitusErrorMessage.Parts expectation) {
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
                throw assertionError(tableNameShouldBeValid(actual.name(), expectation, e.getMessage()));
            }
            if (found.isEmpty()) {
                throw assertionError(tableShouldExist(actual.name(), expectation, TableMetadata.searchPath(c)));
            }
            metadata = found.get();
            return metadata;
        } catch (SQLException e) {
            throw Coordinator.readFailure("table(\"" + actual.name() + "\")", e);
        }
    }
}
