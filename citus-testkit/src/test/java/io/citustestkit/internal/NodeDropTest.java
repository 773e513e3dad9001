package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeDropTest {

    private final List<String> statements = NodeDrop.statements();

    @Test
    void theMetadataGoesFirstWithTriggersOnPlacementsBeforeTheirShards() {
        int placements = indexOf("DELETE FROM pg_dist_placement");
        int shards = indexOf("DELETE FROM pg_dist_shard");
        int tables = indexOf("WITH t AS (DELETE FROM pg_dist_partition");
        int replica = statements.indexOf("SET LOCAL session_replication_role = replica");
        assertThat(placements).isLessThan(shards);
        assertThat(shards).isLessThan(tables);
        assertThat(tables).isLessThan(replica);
        assertThat(statements.get(tables)).contains("DELETE FROM pg_dist_schema")
                .contains("DELETE FROM pg_dist_colocation");
        // tables in public that no extension owns, in user schemas, and rows whose table is gone
        assertThat(NodeDrop.USER_CITUS_TABLES).contains("WHERE c.oid IS NULL").contains("n.nspname = 'public'")
                .contains("d.deptype = 'e'");
    }

    @Test
    void theDropsRunWithoutPropagationOrTriggersAndWithOriginEventTriggersOffUntilTheyAreDone() {
        assertThat(statements.subList(0, 3)).containsExactly("SET LOCAL client_min_messages = warning",
                "SET LOCAL citus.enable_ddl_propagation = off", "SET LOCAL citus.override_table_visibility = off");
        String drop = statements.get(indexOf("DO $citustestkit$"));
        assertThat(statements.get(indexOf("DO $citustestkit$") - 1))
                .isEqualTo("SET LOCAL citus.enable_manual_changes_to_shards = on");
        assertThat(drop).contains("WHERE evtenabled = 'O'")
                .contains("EXECUTE format('ALTER EVENT TRIGGER %I DISABLE', e)");
        assertThat(drop.indexOf("DROP SCHEMA")).isLessThan(drop.indexOf("DROP VIEW"));
        assertThat(drop.indexOf("DROP VIEW")).isLessThan(drop.indexOf("DROP TABLE"));
        assertThat(drop.indexOf("DROP TABLE")).isLessThan(drop.indexOf("DROP ROUTINE"));
        assertThat(drop.indexOf("DROP ROUTINE")).isLessThan(drop.indexOf("DROP TYPE"));
        assertThat(drop.indexOf("DROP TYPE")).isLessThan(drop.indexOf("ALTER EVENT TRIGGER %I ENABLE"));
    }

    @Test
    void citusRecordsOfObjectsThatAreGoneGoLastWithTriggersOnAgain() {
        assertThat(statements.get(statements.size() - 2)).isEqualTo("SET LOCAL session_replication_role = origin");
        assertThat(statements.get(statements.size() - 1)).startsWith("DELETE FROM pg_dist_object o")
                .endsWith("(pg_identify_object(o.classid, o.objid, o.objsubid)).identity IS NULL");
    }

    private int indexOf(String prefix) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no statement starts with " + prefix + ": " + statements);
    }
}
