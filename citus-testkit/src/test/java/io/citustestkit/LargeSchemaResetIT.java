package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.PrimaryImageCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.ext.ScriptUtils;
import org.testcontainers.jdbc.JdbcDatabaseDelegate;

/**
 * truncateTables() and reset() at an application's scale (bench/app-schema.sql: 87 tables, about 2,100 shard
 * placements), checked on every node: after truncateTables() every placement and local table is empty, the kept
 * reference rows stay and sequences restart; after reset() the catalogue of every node is as before the schema.
 */
class LargeSchemaResetIT extends PrimaryImageCluster {

    private static final String SCHEMA = "bench/app-schema.sql";

    /** What a node's catalogue holds of the user's: compared before the schema and after reset(). */
    private static final String[] CATALOGUE = {
        "SELECT count(*) FROM pg_class",
        "SELECT count(*) FROM pg_type",
        "SELECT count(*) FROM pg_proc",
        "SELECT count(*) FROM pg_cast",
        "SELECT count(*) FROM pg_namespace",
        "SELECT count(*) FROM pg_constraint",
        "SELECT count(*) FROM pg_dist_partition",
        "SELECT count(*) FROM pg_dist_shard",
        "SELECT count(*) FROM pg_dist_placement",
        "SELECT count(*) FROM pg_dist_colocation",
        // Citus marks the public schema and plpgsql distributed once a user object depends on them; they stay
        "SELECT string_agg(pg_identify_object(classid, objid, objsubid)::text, ', ' ORDER BY 1) FROM pg_dist_object"
                + " WHERE NOT (classid = 'pg_namespace'::regclass AND objid = 'public'::regnamespace)"
                + " AND NOT (classid = 'pg_extension'::regclass AND objid = (SELECT oid FROM pg_extension"
                + " WHERE extname = 'plpgsql'))",
    };

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(2);
    }

    private List<CitusNode> nodes() {
        List<CitusNode> nodes = new ArrayList<>();
        nodes.add(cluster.getCoordinator());
        nodes.addAll(cluster.getWorkers());
        return nodes;
    }

    private void createSchema() {
        try (JdbcDatabaseDelegate delegate = new JdbcDatabaseDelegate(cluster, "")) {
            ScriptUtils.runInitScript(delegate, SCHEMA);
        }
    }

    @Test
    void truncateTablesEmptiesEveryPlacementOnEveryNodeKeepsKeptRowsAndRestartsSequences() throws SQLException {
        createSchema();
        cluster.withKeptTables("public.countries", "public.plans");
        try (Connection c = cluster.createConnection("")) {
            // a row in every table (the tenants first, for the foreign keys); the owned sequences move to 1
            exec(c, "INSERT INTO tenants VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', NULL)",
                    "INSERT INTO accounts VALUES (1, 'x'), (2, 'y')");
            {
                for (String table : strings(c, "SELECT c.oid::regclass::text FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'billing')"
                        + " AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT IN ('tenants',"
                        + " 'accounts', 'countries', 'plans') AND NOT EXISTS (SELECT 1 FROM pg_depend d"
                        + " WHERE d.objid = c.oid AND d.deptype = 'e')")) {
                    exec(c, insertOneRow(c, table));
                }
            }
            assertThat(count(c, "SELECT count(*) FROM users")).isEqualTo(1);

            cluster.truncateTables();

            // every placement of every emptied table, on the node that holds it, is empty
            Map<String, List<String>> placements = new LinkedHashMap<>();
            for (String row : strings(c, "SELECT d.nodename || ' ' || shard_name(s.logicalrelid, s.shardid)"
                    + " FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)"
                    + " JOIN pg_dist_node d ON d.groupid = p.groupid"
                    + " WHERE s.logicalrelid::text NOT IN ('countries', 'plans')")) {
                String[] f = row.split(" ");
                placements.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
            }
            assertThat(placements.values().stream().mapToInt(List::size).sum()).isGreaterThan(2000);
            for (CitusNode node : nodes()) {
                List<String> shards = placements.getOrDefault(node.getNetworkAlias(), List.of());
                try (Connection n = node.createConnection()) {
                    for (int i = 0; i < shards.size(); i += 200) {
                        String union = String.join(" UNION ALL ", shards.subList(i, Math.min(shards.size(), i + 200))
                                .stream().map(s -> "SELECT count(*) AS n FROM " + s).toList());
                        assertThat(count(n, "SELECT sum(n) FROM (" + union + ") x")).as(node.getNetworkAlias())
                                .isZero();
                    }
                    // the kept reference rows are on every node
                    assertThat(count(n, "SELECT count(*) FROM countries")).as(node.getNetworkAlias()).isEqualTo(3);
                }
            }
            for (String local : List.of("job_queue", "feature_flags", "outbox", "billing.sync_state")) {
                assertThat(count(c, "SELECT count(*) FROM " + local)).as(local).isZero();
            }
            assertThat(count(c, "SELECT count(*) FROM page_views")).isZero();
            assertThat(count(c, "SELECT count(*) FROM plans")).isEqualTo(2);
            // sequences restart (owned ones); the standalone invoice_numbers is not a table's and goes on
            exec(c, "INSERT INTO tenants VALUES (1, 'a', 1)", "INSERT INTO users (tenant_id, email) VALUES (1, 'u')",
                    "INSERT INTO job_queue (payload) VALUES ('j')");
            assertThat(count(c, "SELECT id FROM users")).isEqualTo(1);
            assertThat(count(c, "SELECT id FROM job_queue")).isEqualTo(1);
        }
        cluster.withKeptTables();
        cluster.reset();
    }

    @Test
    void resetLeavesNothingOfTheSchemaOnAnyNode() throws SQLException {
        Map<String, List<Object>> before = catalogue();
        createSchema();
        try (Connection c = cluster.createConnection("")) {
            exec(c, "INSERT INTO tenants VALUES (1, 'a', 1)", "INSERT INTO users (tenant_id, email) VALUES (1, 'u')");
            assertThat(count(c, "SELECT count(*) FROM pg_dist_partition")).isGreaterThan(80);
        }

        cluster.reset();

        assertThat(catalogue()).isEqualTo(before);
        for (CitusNode node : nodes()) {
            try (Connection n = node.createConnection()) {
                assertThat(count(n, "SELECT count(*) FROM pg_namespace WHERE nspname = 'billing'")).isZero();
                assertThat(count(n, "SELECT count(*) FROM pg_type WHERE typname IN ('order_status', 'plan_tier',"
                        + " 'money_amount')")).isZero();
                assertThat(count(n, "SELECT count(*) FROM pg_proc WHERE proname IN ('cents', 'plan_tier_rank')"))
                        .isZero();
            }
        }
        // and the schema can be created again at once
        createSchema();
        cluster.reset();
    }

    /** Per node, the counts of {@link #CATALOGUE}. */
    private Map<String, List<Object>> catalogue() throws SQLException {
        Map<String, List<Object>> counts = new LinkedHashMap<>();
        for (CitusNode node : nodes()) {
            try (Connection n = node.createConnection()) {
                List<Object> values = new ArrayList<>();
                for (String sql : CATALOGUE) {
                    values.add(sql.contains("string_agg") ? String.valueOf(strings(n, sql)) : count(n, sql));
                }
                counts.put(node.getNetworkAlias(), values);
            }
        }
        return counts;
    }

    /** An INSERT of one row with defaults, the tenant or account 1, and a value for every other NOT NULL column. */
    private static String insertOneRow(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String col : strings(c, "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = '" + table + "'::regclass AND attnum > 0 AND NOT attisdropped AND attnotnull"
                + " AND NOT atthasdef ORDER BY attnum")) {
            String[] f = col.split(" ", 2);
            columns.add(f[0]);
            values.add(switch (f[0]) {
                case "tenant_id", "account_id" -> "1";
                case "viewed_at" -> "'2026-05-05'";
                default -> f[1].startsWith("text") ? "'x'" : "1";
            });
        }
        return columns.isEmpty() ? "INSERT INTO " + table + " DEFAULT VALUES"
                : "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", values)
                        + ")";
    }
}
