package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.PerImageCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reset() drops what tests created on the whole cluster; truncateTables() empties tables. */
class ResetIT extends PerImageCluster {

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(2);
    }

    @Test
    void resetDropsEverythingTestsCreatedAndKeepsTheClusterUsable() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c,
                    "CREATE SCHEMA app",
                    "CREATE TABLE app.accounts (id bigint PRIMARY KEY)",
                    "SELECT create_distributed_table('app.accounts', 'id')",
                    "CREATE TYPE mood AS ENUM ('ok', 'sad')",
                    "CREATE DOMAIN positive AS int CHECK (VALUE > 0)",
                    "CREATE TABLE dist (id bigint PRIMARY KEY, m mood, n positive)",
                    "SELECT create_distributed_table('dist', 'id')",
                    "CREATE TABLE ref (id bigint PRIMARY KEY)",
                    "SELECT create_reference_table('ref')",
                    "CREATE TABLE plain_local (id serial PRIMARY KEY)",
                    "CREATE TABLE citus_local (id bigint PRIMARY KEY)",
                    "SELECT citus_add_local_table_to_metadata('citus_local')",
                    "CREATE TABLE parted (id bigint, at date) PARTITION BY RANGE (at)",
                    "CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                    "CREATE SEQUENCE standalone_seq",
                    "CREATE VIEW dist_view AS SELECT id FROM dist",
                    "CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql AS $$ SELECT i + 1 $$",
                    "CREATE PROCEDURE noop() LANGUAGE sql AS $$ SELECT 1 $$");

            cluster.reset();

            // only Citus' own views (citus_tables, ...) are left in public
            assertThat(strings(c, "SELECT relname FROM pg_class c WHERE relnamespace = 'public'::regnamespace"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')")).isEmpty();
            assertThat(strings(c, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                    .allMatch(name -> name.startsWith("citus_"));
            assertThat(count(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'")).isZero();
            assertThat(count(c, "SELECT count(*) FROM pg_type WHERE typname IN ('mood', 'positive')")).isZero();
            assertThat(count(c, "SELECT count(*) FROM pg_proc WHERE proname IN ('add_one', 'noop')")).isZero();
            assertThat(count(c, "SELECT count(*) FROM pg_dist_partition")).isZero();
            // registration stays, citus stays
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo(1);
            // and the same names can be used again at once
            exec(c, "CREATE TABLE dist (id bigint PRIMARY KEY)", "SELECT create_distributed_table('dist', 'id')",
                    "INSERT INTO dist VALUES (1)");
            assertThat(count(c, "SELECT count(*) FROM dist")).isEqualTo(1);
            cluster.reset();
        }
        // nothing of it is left on the workers either
        for (CitusNode worker : cluster.getWorkers()) {
            try (Connection w = worker.createConnection()) {
                assertThat(count(w, "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'")).isZero();
                assertThat(count(w, "SELECT count(*) FROM pg_type WHERE typname = 'mood'")).isZero();
                assertThat(count(w, "SELECT count(*) FROM pg_dist_partition")).isZero();
            }
        }
    }

    @Test
    void truncateTablesEmptiesEveryKindOfTableLikeTruncateRestartIdentity() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c,
                    "CREATE TABLE countries (id bigint PRIMARY KEY)",
                    "SELECT create_reference_table('countries')",
                    "CREATE TABLE orders (tenant bigint, id bigserial,"
                            + " country bigint REFERENCES countries (id), PRIMARY KEY (tenant, id))",
                    "SELECT create_distributed_table('orders', 'tenant')",
                    "CREATE TABLE order_lines (tenant bigint, order_id bigint,"
                            + " FOREIGN KEY (tenant, order_id) REFERENCES orders (tenant, id))",
                    "SELECT create_distributed_table('order_lines', 'tenant', colocate_with => 'orders')",
                    "CREATE TABLE events (tenant bigint, at date) PARTITION BY RANGE (at)",
                    "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                    "SELECT create_distributed_table('events', 'tenant')",
                    "CREATE TABLE settings (id bigint PRIMARY KEY)",
                    "SELECT citus_add_local_table_to_metadata('settings')",
                    "CREATE SEQUENCE trigger_calls",
                    "CREATE FUNCTION audit_delete() RETURNS trigger LANGUAGE plpgsql AS"
                            + " $$ BEGIN PERFORM nextval('trigger_calls'); RETURN OLD; END $$",
                    "CREATE TRIGGER settings_audit AFTER DELETE ON settings FOR EACH ROW EXECUTE FUNCTION audit_delete()",
                    "INSERT INTO countries SELECT generate_series(1, 5)",
                    "INSERT INTO orders (tenant, country) SELECT g, 1 + g % 5 FROM generate_series(1, 50) g",
                    "INSERT INTO order_lines SELECT tenant, id FROM orders",
                    "INSERT INTO events SELECT g, '2026-06-01' FROM generate_series(1, 20) g",
                    "INSERT INTO settings SELECT generate_series(1, 3)",
                    "DELETE FROM settings WHERE id = 3");
            // the trigger works: one call so far
            assertThat(count(c, "SELECT last_value FROM trigger_calls")).isEqualTo(1);

            cluster.truncateTables();

            for (String table : List.of("countries", "orders", "order_lines", "events", "events_2026", "settings")) {
                assertThat(count(c, "SELECT count(*) FROM " + table)).as(table).isZero();
            }
            // no user trigger fired (as with TRUNCATE), the serial starts again, foreign keys hold again
            assertThat(count(c, "SELECT last_value FROM trigger_calls")).isEqualTo(1);
            exec(c, "INSERT INTO countries VALUES (1)", "INSERT INTO orders (tenant, country) VALUES (7, 1)");
            assertThat(strings(c, "SELECT id::text FROM orders")).containsExactly("1");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> exec(c, "INSERT INTO order_lines VALUES (7, 99)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("foreign key");
            // the workers hold no rows of the emptied shards either
            for (CitusNode worker : cluster.getWorkers()) {
                try (Connection w = worker.createConnection()) {
                    assertThat(count(w, "SELECT count(*) FROM events")).isZero();
                }
            }
            cluster.reset();
        }
    }

    @Test
    void truncateTablesEmptiesEveryTableButKeepsThem() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c,
                    "CREATE SCHEMA shop",
                    "CREATE TABLE shop.items (id bigint PRIMARY KEY)",
                    "SELECT create_distributed_table('shop.items', 'id')",
                    "CREATE TABLE tags (id bigint PRIMARY KEY)",
                    "SELECT create_reference_table('tags')",
                    "CREATE TABLE notes (id serial PRIMARY KEY, t text)",
                    "INSERT INTO shop.items SELECT generate_series(1, 10)",
                    "INSERT INTO tags SELECT generate_series(1, 3)",
                    "INSERT INTO notes (t) VALUES ('a'), ('b')");

            cluster.truncateTables();

            assertThat(count(c, "SELECT count(*) FROM shop.items")).isZero();
            assertThat(count(c, "SELECT count(*) FROM tags")).isZero();
            assertThat(count(c, "SELECT count(*) FROM notes")).isZero();
            exec(c, "INSERT INTO notes (t) VALUES ('c')");
            assertThat(strings(c, "SELECT id::text FROM notes")).containsExactly("1");
            cluster.reset();
        }
    }
}
