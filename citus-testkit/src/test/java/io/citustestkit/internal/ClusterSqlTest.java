package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSqlTest {

    @Test
    void passwordConninfoEscapesQuotesAndBackslashes() {
        assertThat(ClusterSql.passwordConninfo("plain")).isEqualTo("password='plain'");
        assertThat(ClusterSql.passwordConninfo("it's")).isEqualTo("password='it\\'s'");
        assertThat(ClusterSql.passwordConninfo("a\\b")).isEqualTo("password='a\\\\b'");
        assertThat(ClusterSql.passwordConninfo("sp ace=x")).isEqualTo("password='sp ace=x'");
    }

    @Test
    void dropAllIsOneStatementPerKindAndNothingForAnEmptyList() {
        assertThat(ClusterSql.dropAll("TABLE", List.of())).isNull();
        assertThat(ClusterSql.dropAll("TABLE", List.of("public.a", "public.\"B\"")))
                .isEqualTo("DROP TABLE IF EXISTS public.a, public.\"B\" CASCADE");
    }

    @Test
    void truncateAllEmptiesEveryTableInOneStatement() {
        assertThat(ClusterSql.truncateAll(List.of())).isNull();
        assertThat(ClusterSql.truncateAll(List.of("public.a", "s.b")))
                .isEqualTo("TRUNCATE public.a, s.b RESTART IDENTITY CASCADE");
    }

    @Test
    void emptyingANodeTouchesOnlyWrittenPlacementsWithTriggersOffAndRestartsUsedOwnedSequences() {
        assertThat(ClusterSql.emptyOnNode(List.of(), List.of(), List.of())).isEmpty();

        List<String> worker = ClusterSql.emptyOnNode(List.of("public.t_102008", "public.t_102010"), List.of(), List.of());
        assertThat(worker).hasSize(3);
        assertThat(worker.subList(0, 2)).containsExactly("SET LOCAL session_replication_role = replica",
                "SET LOCAL citus.enable_manual_changes_to_shards = on");
        assertThat(worker.get(2)).startsWith("DO $citustestkit$")
                .contains("FOREACH r IN ARRAY ARRAY['public.t_102008', 'public.t_102010']::regclass[]")
                .contains("CONTINUE WHEN pg_relation_size(r) = 0")
                .contains("EXECUTE 'DELETE FROM ' || r; GET DIAGNOSTICS n = ROW_COUNT; IF n = 0 AND NOT EXISTS")
                .contains("THEN EXECUTE 'TRUNCATE ' || r;");

        List<String> coordinator = ClusterSql.emptyOnNode(List.of(), List.of("public.\"it's\""),
                List.of("public.t", "public.\"it's\""));
        assertThat(coordinator).hasSize(3);
        assertThat(coordinator.get(0)).isEqualTo("SET LOCAL session_replication_role = replica");
        assertThat(coordinator.get(1)).contains("ARRAY['public.\"it''s\"']::regclass[]");
        assertThat(coordinator.get(2)).startsWith("SELECT setval(")
                .contains("ARRAY['public.t', 'public.\"it''s\"']::regclass[]")
                .endsWith("AND pg_sequence_last_value(s.seqrelid) IS NOT NULL");
    }

    @Test
    void migrationHistoryAndKeptTablesAreLeftOutOfWhatIsEmptied() {
        assertThat(ClusterSql.emptyingPlan(List.of())).contains(ClusterSql.MIGRATION_HISTORY)
                .doesNotContain("c.oid NOT IN");
        assertThat(ClusterSql.emptyingPlan(List.of(16384L, 16390L))).contains("c.oid NOT IN (16384, 16390)");
        assertThat(ClusterSql.emptiedTables(List.of(7L))).contains(ClusterSql.MIGRATION_HISTORY)
                .contains("c.oid NOT IN (7)");
        assertThat(ClusterSql.MIGRATION_HISTORY).contains("'flyway_schema_history', 'databasechangelog',"
                + " 'databasechangeloglock'");
    }

    @Test
    void registrationUsesCitusFunctionsWithParameters() {
        assertThat(ClusterSql.SET_COORDINATOR_HOST).isEqualTo("SELECT citus_set_coordinator_host(?, ?)");
        assertThat(ClusterSql.ADD_NODE).isEqualTo("SELECT citus_add_node(?, ?)");
        assertThat(ClusterSql.DRAIN_NODE).contains("citus_drain_node(?, ?").contains("block_writes");
    }
}
