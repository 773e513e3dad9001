package io.citustestkit.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.TableMetadata;
import io.citustestkit.internal.TableMetadata.Kind;
import org.junit.jupiter.api.Test;

/** Classification follows the citus_tables view's citus_table_type rules on pg_dist_partition columns. */
class TableMetadataTest {

    static TableMetadata hash(String column) {
        return new TableMetadata("public.orders", "r", "h", column, "bigint", 3, "s", 32);
    }

    @Test
    void aTableWithADistributionColumnIsDistributed() {
        assertThat(hash("tenant_id").kind()).isEqualTo(Kind.DISTRIBUTED);
        assertThat(hash("tenant_id").isDistributed()).isTrue();
        assertThat(hash("tenant_id").isLocal()).isFalse();
        assertThat(hash("tenant_id").describe()).isEqualTo("a distributed table (partition method hash,"
                + " distribution column tenant_id bigint, colocation id 3, 32 shards)");
    }

    @Test
    void twoPhaseCommitReplicationWithoutAColumnIsAReferenceTable() {
        TableMetadata t = new TableMetadata("public.countries", "r", "n", null, null, 1, "t", 1);
        assertThat(t.kind()).isEqualTo(Kind.REFERENCE);
        assertThat(t.isDistributed()).isFalse();
        assertThat(t.describe()).startsWith("a reference table (partition method none").endsWith("1 shard)");
    }

    @Test
    void colocationIdZeroWithoutAColumnIsCitusLocal() {
        TableMetadata t = new TableMetadata("public.audit_log", "r", "n", null, null, 0, "s", 1);
        assertThat(t.kind()).isEqualTo(Kind.CITUS_LOCAL);
        assertThat(t.isLocal()).isTrue();
        assertThat(t.describe()).contains("Citus-local", "citus_add_local_table_to_metadata", "1 shard on the coordinator");
    }

    @Test
    void aColocationGroupWithoutAColumnIsASingleShardDistributedTable() {
        TableMetadata t = new TableMetadata("tenant_a.notes", "r", "n", null, null, 7, "s", 1);
        assertThat(t.kind()).isEqualTo(Kind.SINGLE_SHARD_DISTRIBUTED);
        assertThat(t.isDistributed()).isTrue();
        assertThat(t.describe()).contains("no distribution column", "colocation id 7");
    }

    @Test
    void aTableOutsideCitusMetadataIsPlain() {
        TableMetadata t = new TableMetadata("public.scratch", "r", null, null, null, null, null, 0);
        assertThat(t.kind()).isEqualTo(Kind.PLAIN);
        assertThat(t.isLocal()).isTrue();
        assertThat(t.inCitusMetadata()).isFalse();
        assertThat(t.describe()).contains("plain PostgreSQL table", "not in pg_dist_partition");
    }

    @Test
    void aViewIsNoTable() {
        TableMetadata t = new TableMetadata("public.v", "v", null, null, null, null, null, 0);
        assertThat(t.kind()).isEqualTo(Kind.NOT_A_TABLE);
        assertThat(t.isLocal()).isFalse();
        assertThat(t.describe()).isEqualTo("a view, not a table");
    }

    @Test
    void aPartitionedTableCanBeDistributed() {
        assertThat(new TableMetadata("public.events", "p", "h", "tenant_id", "bigint", 4, "s", 32).kind())
                .isEqualTo(Kind.DISTRIBUTED);
    }

    @Test
    void columnNamesMatchAsSqlFoldsThem() {
        assertThat(TableMetadata.sameColumn("tenant_id", "tenant_id")).isTrue();
        assertThat(TableMetadata.sameColumn("TENANT_ID", "tenant_id")).isTrue();
        assertThat(TableMetadata.sameColumn("TenantId", "TenantId")).isTrue();
        assertThat(TableMetadata.sameColumn("\"TenantId\"", "TenantId")).isTrue();
        assertThat(TableMetadata.sameColumn("\"tenantid\"", "TenantId")).isFalse();
        assertThat(TableMetadata.sameColumn("tenantid", "TenantId")).isFalse();
        assertThat(TableMetadata.sameColumn("\"a\"\"b\"", "a\"b")).isTrue();
        assertThat(TableMetadata.sameColumn("id", null)).isFalse();
    }

    @Test
    void placementsNameTheNodeAndWhyItMayHaveNone() {
        assertThat(new TableMetadata.NodePlacements("worker-1", 5432, false, true, true, 16).describe())
                .isEqualTo("worker-1:5432: 16 placements");
        assertThat(new TableMetadata.NodePlacements("worker-2", 5432, false, true, false, 0).describe())
                .isEqualTo("worker-2:5432: 0 placements (shouldhaveshards false)");
        assertThat(new TableMetadata.NodePlacements("coordinator", 5432, true, true, false, 1).describe())
                .isEqualTo("coordinator:5432: 1 placement (coordinator, shouldhaveshards false)");
    }
}
