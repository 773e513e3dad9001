package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.testsupport.Nodes;
import io.citustestkit.testsupport.PerLineCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * reset() and truncateTables() work on every node at once (each node drops or empties the shards it holds): what
 * that could get wrong, seen from every node, for every kind of table Citus has; and the kit's kept sessions
 * after a worker restarted or while one is down.
 */
class ResetEveryNodeIT extends PerLineCluster {

    /** Tables of every kind, linked by foreign keys, with identity and serial columns, filled. */
    private static final String[] SCHEMA = {
        "CREATE TABLE countries (id bigint PRIMARY KEY)",
        "SELECT create_reference_table('countries')",
        "CREATE TABLE orders (tenant bigint, id bigserial, country bigint REFERENCES countries (id),"
                + " PRIMARY KEY (tenant, id))",
        "SELECT create_distributed_table('orders', 'tenant')",
        "CREATE TABLE order_lines (tenant bigint, order_id bigint, line bigint GENERATED ALWAYS AS IDENTITY,"
                + " FOREIGN KEY (tenant, order_id) REFERENCES orders (tenant, id))",
        "SELECT create_distributed_table('order_lines', 'tenant', colocate_with => 'orders')",
        "CREATE TABLE events (tenant bigint, at date) PARTITION BY RANGE (at)",
        "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
        "SELECT create_distributed_table('events', 'tenant')",
        "CREATE TABLE settings (id bigint PRIMARY KEY, country bigint REFERENCES countries (id))",
        "SELECT citus_add_local_table_to_metadata('settings')",
        "CREATE SCHEMA app",
        "CREATE TABLE app.accounts (id bigint PRIMARY KEY)",
        "SELECT create_distributed_table('app.accounts', 'id', shard_count => 4)",
        "CREATE VIEW app.big_orders AS SELECT * FROM orders WHERE id > 10",
        // schema-based sharding: every table in the schema is a single-shard distributed table
        "SET citus.enable_schema_based_sharding TO on",
        "CREATE SCHEMA tenant_a",
        "RESET citus.enable_schema_based_sharding",
        "CREATE TABLE tenant_a.notes (id bigserial PRIMARY KEY, body text)",
        "CREATE TABLE plain_local (id serial PRIMARY KEY)",
    };

    private static final String[] FILL = {
        "INSERT INTO countries SELECT generate_series(1, 5)",
        "INSERT INTO orders (tenant, country) SELECT g, 1 + g % 5 FROM generate_series(1, 50) g",
        "INSERT INTO order_lines (tenant, order_id) SELECT tenant, id FROM orders",
        "INSERT INTO events SELECT g, '2026-06-01' FROM generate_series(1, 20) g",
        "INSERT INTO settings SELECT g, g FROM generate_series(1, 3) g",
        "INSERT INTO app.accounts SELECT generate_series(1, 10)",
        "INSERT INTO tenant_a.notes (body) VALUES ('a'), ('b')",
        "INSERT INTO plain_local DEFAULT VALUES",
    };

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(2);
    }

    @Test
    void resetLeavesNoShardAndNoCitusMetadataOnAnyNodeAndTheSameSchemaCanBeCreatedAgain() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, SCHEMA);
            exec(c, FILL);
            assertThat(shardTablesOnEveryNode()).isNotEmpty();

            cluster.reset();

            assertThat(shardTablesOnEveryNode()).as("shard tables left").isEmpty();
            assertThat(citusMetadataOnEveryNode()).as("Citus metadata left").isEmpty();
            assertThat(count(c, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('app', 'tenant_a')")).isZero();

            // the same schema again, at once, and it works
            exec(c, SCHEMA);
            exec(c, FILL);
            assertThat(count(c, "SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id"
                    + " AND l.tenant = o.tenant JOIN countries k ON k.id = o.country")).isEqualTo(50);
            assertThat(count(c, "SELECT count(*) FROM tenant_a.notes")).isEqualTo(2);
            assertThat(strings(c, "SELECT min(id)::text FROM orders")).containsExactly("1");
            cluster.reset();
            assertThat(shardTablesOnEveryNode()).as("shard tables left").isEmpty();
            assertThat(citusMetadataOnEveryNode()).as("Citus metadata left").isEmpty();
        }
    }

    @Test
    void resetDropsWhatOnlyAWorkerHoldsAndLeavesCitusDropBehaviourAsItWas() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, SCHEMA);
            exec(c, FILL);
            // objects only one worker has: a table in public and a schema of its own (left by a test that connected
            // to the worker, or by a reset whose commit failed there)
            try (Connection w = cluster.getWorker(0).createConnection()) {
                exec(w, "SET citus.enable_ddl_propagation TO off", // Citus refuses a CREATE SCHEMA on a worker else
                        "CREATE TABLE worker_only (id int)", "CREATE SCHEMA worker_schema",
                        "CREATE TABLE worker_schema.t (id int)");
            }

            cluster.reset();

            for (CitusNode node : Nodes.all(cluster)) {
                try (Connection n = node.createConnection()) {
                    assertThat(count(n, "SELECT count(*) FROM pg_class WHERE relname IN ('worker_only', 't')"))
                            .as(node.getNetworkAlias()).isZero();
                    assertThat(count(n, "SELECT count(*) FROM pg_namespace WHERE nspname = 'worker_schema'"))
                            .as(node.getNetworkAlias()).isZero();
                    // Citus' drop trigger is enabled as before on every node
                    assertThat(strings(n, "SELECT evtenabled::text FROM pg_event_trigger"))
                            .as(node.getNetworkAlias()).isNotEmpty().containsOnly("O");
                }
            }
            assertThat(shardTablesOnEveryNode()).as("shard tables left").isEmpty();
            assertThat(citusMetadataOnEveryNode()).as("Citus metadata left").isEmpty();

            // and a DROP of a distributed table after the reset is Citus' as usual: shards and metadata go everywhere
            exec(c, SCHEMA);
            exec(c, "DROP TABLE order_lines", "DROP SCHEMA app CASCADE");
            assertThat(shardTablesOnEveryNode()).as("shard tables of the dropped tables")
                    .noneMatch(t -> t.contains("order_lines") || t.contains("app."));
            assertThat(count(c, "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid::text LIKE '%order_lines'"))
                    .isZero();
            cluster.reset();
        }
    }

    @Test
    void truncateTablesEmptiesEveryKindOfTableOnEveryNodeAndRestartsIdentityAndSerialColumns() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, SCHEMA);
            exec(c, FILL);

            cluster.truncateTables();

            for (String table : List.of("countries", "orders", "order_lines", "events", "events_2026", "settings",
                    "app.accounts", "tenant_a.notes", "plain_local")) {
                assertThat(count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
            }
            assertThat(rowsInShardsOnEveryNode()).as("rows left in shards").isEmpty();
            exec(c, FILL);
            // bigserial, identity and serial columns start again at 1, on distributed, tenant and local tables
            assertThat(strings(c, "SELECT min(id)::text FROM orders")).containsExactly("1");
            assertThat(strings(c, "SELECT min(line)::text FROM order_lines")).containsExactly("1");
            assertThat(strings(c, "SELECT min(id)::text FROM tenant_a.notes")).containsExactly("1");
            assertThat(strings(c, "SELECT min(id)::text FROM plain_local")).containsExactly("1");
            // foreign keys hold after the emptying
            assertThatThrownBy(() -> exec(c, "INSERT INTO order_lines (tenant, order_id) VALUES (7, 999)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("foreign key");
            cluster.reset();
        }
    }

    @Test
    void resetAndTruncateWorkAfterAWorkerRestartedAndFailClearlyWhileItIsDown() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, SCHEMA);
            exec(c, FILL);
            cluster.truncateTables(); // the kit's sessions are open now
            exec(c, FILL);

            CitusNode worker = cluster.getWorker(1);
            worker.stop();
            assertThatThrownBy(cluster::truncateTables).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("truncate failed: ");
            assertThatThrownBy(cluster::reset).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("reset failed: ");
            worker.start();

            // the failed reset left the cluster as it was: the tables are there, with their rows
            assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(50);
            cluster.truncateTables();
            assertThat(count(c, "SELECT count(*) FROM orders")).isZero();
            assertThat(rowsInShardsOnEveryNode()).as("rows left in shards").isEmpty();
            cluster.reset();
            assertThat(shardTablesOnEveryNode()).as("shard tables left").isEmpty();
            assertThat(citusMetadataOnEveryNode()).as("Citus metadata left").isEmpty();
            exec(c, SCHEMA);
            exec(c, FILL);
            assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(50);
            cluster.reset();
        }
    }

    /** Shard tables of user tables on every node, including the ones Citus hides, as node: table. */
    private List<String> shardTablesOnEveryNode() throws SQLException {
        return onEveryNode(n -> {
            exec(n, "SET citus.override_table_visibility TO off");
            return strings(n, "SELECT c.oid::regclass::text FROM pg_class c"
                    + " JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                    + " AND s.nspname IN ('public', 'app', 'tenant_a') AND c.relname ~ '_[0-9]+$'"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')");
        });
    }

    /** Shards holding rows, on every node, as node: shard. */
    private List<String> rowsInShardsOnEveryNode() throws SQLException {
        return onEveryNode(n -> {
            exec(n, "SET citus.override_table_visibility TO off");
            List<String> withRows = new ArrayList<>();
            for (String table : strings(n, "SELECT c.oid::regclass::text FROM pg_class c"
                    + " JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.relkind = 'r'"
                    + " AND s.nspname IN ('public', 'app', 'tenant_a') AND c.relname ~ '_[0-9]+$'")) {
                if (count(n, "SELECT count(*) FROM " + table) > 0) {
                    withRows.add(table);
                }
            }
            return withRows;
        });
    }

    /**
     * Citus metadata about user tables left on every node: rows in pg_dist_partition, pg_dist_shard,
     * pg_dist_placement, tenant schemas, and distributed objects that no longer exist, as node: what.
     */
    private List<String> citusMetadataOnEveryNode() throws SQLException {
        return onEveryNode(n -> {
            List<String> rows = new ArrayList<>();
            for (String sql : List.of("SELECT 'partition ' || logicalrelid::text FROM pg_dist_partition",
                    "SELECT 'shard ' || shardid FROM pg_dist_shard",
                    "SELECT 'placement ' || placementid FROM pg_dist_placement",
                    "SELECT 'tenant schema ' || schemaid FROM pg_dist_schema",
                    "SELECT 'dropped object ' || o.classid::regclass || ' ' || o.objid FROM pg_dist_object o"
                            + " WHERE (o.classid = 'pg_class'::regclass"
                            + "   AND NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = o.objid))"
                            + " OR (o.classid = 'pg_namespace'::regclass"
                            + "   AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE oid = o.objid))"
                            + " OR (o.classid = 'pg_type'::regclass"
                            + "   AND NOT EXISTS (SELECT 1 FROM pg_type WHERE oid = o.objid))")) {
                rows.addAll(strings(n, sql));
            }
            return rows;
        });
    }

    /** What a query finds on each node, on a connection of its own, as node: row. */
    private List<String> onEveryNode(NodeQuery query) throws SQLException {
        List<String> found = new ArrayList<>();
        for (CitusNode node : Nodes.all(cluster)) {
            try (Connection n = node.createConnection()) {
                for (String row : query.rows(n)) {
                    found.add(node.getNetworkAlias() + ": " + row);
                }
            }
        }
        return found;
    }

    @FunctionalInterface
    private interface NodeQuery {
        List<String> rows(Connection node) throws SQLException;
    }
}
