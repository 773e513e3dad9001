package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.testsupport.PrimaryImageCluster;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * truncateTables() keeps the migration history of Flyway (any name, any schema) and Liquibase, and the tables named
 * with withKeptTables; a name that does not exist fails naming it; reset() drops all of them, so migrations apply
 * again from scratch.
 */
class MigrationHistoryIT extends PrimaryImageCluster {

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(2);
    }

    @AfterEach
    void dropEverything() {
        cluster.withKeptTables();
        cluster.reset();
    }

    /** What a Spring Boot application context does at start: a new Flyway on the test's data source, migrate. */
    private FluentConfiguration flyway() {
        return Flyway.configure().dataSource(cluster.getJdbcUrl(), cluster.getUsername(), cluster.getPassword())
                .locations("classpath:flyway/citus");
    }

    @Test
    void aSecondMigrateAfterTruncateTablesAppliesNothingAndFindsTheTablesEmpty() throws SQLException {
        assertThat(flyway().load().migrate().migrationsExecuted).isEqualTo(2);
        try (Connection c = cluster.createConnection("")) {
            exec(c, "INSERT INTO orders (tenant, country) SELECT g, 'de' FROM generate_series(1, 20) g",
                    "INSERT INTO audit_log (what) VALUES ('x')");

            cluster.truncateTables();

            assertThat(flyway().load().migrate().migrationsExecuted).isZero();
            assertThat(strings(c, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                    .containsExactly("1", "2");
            assertThat(count(c, "SELECT count(*) FROM orders")).isZero();
            assertThat(count(c, "SELECT count(*) FROM countries")).as("not kept: emptied").isZero();
            exec(c, "INSERT INTO countries VALUES ('de', 'Germany')", "INSERT INTO orders (tenant) VALUES (7)");
            assertThat(strings(c, "SELECT id::text FROM orders")).containsExactly("1");
        }
    }

    @Test
    void historyUnderAConfiguredNameInAnotherSchemaAndLiquibaseTablesAnywhereAreKept() throws SQLException {
        // spring.flyway.table / Flyway's table setting, and the history in a schema of its own
        assertThat(flyway().table("app_migrations").load().migrate().migrationsExecuted).isEqualTo(2);
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE SCHEMA ops");
            Flyway other = flyway().schemas("ops").defaultSchema("ops").table("ops_history")
                    .locations("classpath:flyway/citus").load();
            assertThat(other.migrate().migrationsExecuted).isEqualTo(2);
            // Liquibase's tables under their default names, and renamed (liquibase.database-change-log-table)
            exec(c, liquibaseChangelog("public.databasechangelog"), liquibaseLock("public.databasechangeloglock"),
                    liquibaseChangelog("ops.changes"), liquibaseLock("ops.changes_lock"));
            for (String t : new String[] {"public.databasechangelog", "ops.changes"}) {
                exec(c, "INSERT INTO " + t + " (id, author, filename, dateexecuted, orderexecuted, exectype)"
                        + " VALUES ('1', 'me', 'changelog.xml', now(), 1, 'EXECUTED')");
            }
            exec(c, "INSERT INTO public.databasechangeloglock VALUES (1, false, NULL, NULL)",
                    "INSERT INTO ops.changes_lock VALUES (1, false, NULL, NULL)",
                    "INSERT INTO ops.orders (tenant, country) VALUES (1, 'fr')");

            cluster.truncateTables();

            for (String t : new String[] {"public.app_migrations", "ops.ops_history"}) {
                assertThat(count(c, "SELECT count(*) FROM " + t + " WHERE success")).as(t).isEqualTo(2);
            }
            for (String t : new String[] {"public.databasechangelog", "public.databasechangeloglock", "ops.changes",
                "ops.changes_lock"}) {
                assertThat(count(c, "SELECT count(*) FROM " + t)).as(t).isEqualTo(1);
            }
            assertThat(count(c, "SELECT count(*) FROM ops.orders")).isZero();
            assertThat(count(c, "SELECT count(*) FROM ops.countries")).isZero();
            assertThat(flyway().table("app_migrations").load().migrate().migrationsExecuted).isZero();
            assertThat(other.migrate().migrationsExecuted).isZero();
        }
    }

    @Test
    void keptTablesKeepTheirRowsOnEveryNodeAndTheirSequences() throws SQLException {
        flyway().load().migrate();
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE SCHEMA \"Billing\"",
                    "CREATE TABLE \"Billing\".\"Plans\" (id bigserial PRIMARY KEY, name text)",
                    "SELECT create_distributed_table('\"Billing\".\"Plans\"', 'id')",
                    "INSERT INTO \"Billing\".\"Plans\" (name) SELECT 'p' || g FROM generate_series(1, 10) g",
                    "INSERT INTO orders (tenant, country) SELECT g, 'fr' FROM generate_series(1, 10) g");
            cluster.withKeptTables("countries", "\"Billing\".\"Plans\"");

            cluster.truncateTables();

            assertThat(count(c, "SELECT count(*) FROM countries")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM \"Billing\".\"Plans\"")).isEqualTo(10);
            assertThat(count(c, "SELECT count(*) FROM orders")).isZero();
            // the kept table's sequence goes on; the emptied table's restarts
            exec(c, "INSERT INTO \"Billing\".\"Plans\" (name) VALUES ('new')", "INSERT INTO orders (tenant) VALUES (1)");
            assertThat(count(c, "SELECT max(id) FROM \"Billing\".\"Plans\"")).isEqualTo(11);
            assertThat(count(c, "SELECT max(id) FROM orders")).isEqualTo(1);
            // every worker still holds the reference rows
            for (CitusNode worker : cluster.getWorkers()) {
                try (Connection w = worker.createConnection()) {
                    assertThat(count(w, "SELECT count(*) FROM countries")).as(worker.getNetworkAlias()).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void aKeptTableThatDoesNotExistFailsNamingItAndTheTablesThereAre() throws SQLException {
        flyway().load().migrate();
        try (Connection c = cluster.createConnection("")) {
            exec(c, "INSERT INTO orders (tenant, country) VALUES (1, 'de')");
        }
        cluster.withKeptTables("public.countries", "public.countreis");

        assertThatThrownBy(cluster::truncateTables)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keptTables named public.countreis, which does not exist on the coordinator;"
                        + " allowed: tables that exist when truncateTables() runs (after the init scripts), such as ")
                .hasMessageContaining("public.countries");
        // nothing was emptied
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(1);
        }
    }

    @Test
    void resetDropsHistoryAndKeptTablesSoMigrationsApplyAgainFromScratch() throws SQLException {
        flyway().load().migrate();
        cluster.withKeptTables("public.countries");

        cluster.reset();

        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname IN ('flyway_schema_history',"
                    + " 'countries', 'orders')")).isZero();
        }
        assertThat(flyway().load().migrate().migrationsExecuted).isEqualTo(2);
    }

    private static String liquibaseChangelog(String name) {
        return "CREATE TABLE " + name + " (id varchar(255) NOT NULL, author varchar(255) NOT NULL,"
                + " filename varchar(255) NOT NULL, dateexecuted timestamp NOT NULL, orderexecuted int NOT NULL,"
                + " exectype varchar(10) NOT NULL, md5sum varchar(35), description varchar(255), comments varchar(255),"
                + " tag varchar(255), liquibase varchar(20), contexts varchar(255), labels varchar(255),"
                + " deployment_id varchar(10))";
    }

    private static String liquibaseLock(String name) {
        return "CREATE TABLE " + name + " (id int NOT NULL PRIMARY KEY, locked boolean NOT NULL,"
                + " lockgranted timestamp, lockedby varchar(255))";
    }
}
