package com.example.flyway;

// tag::imports[]
import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.CitusCluster;
import io.citustestkit.junit.Reset;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
// end::imports[]

/**
 * Flyway migrations of a distributed schema with foreign keys, under {@code @CitusCluster}: {@code migrate()} once
 * per class in {@code @BeforeAll}, the history and the reference data kept through the per-test reset, and the SQL
 * callback ({@code db/migration/beforeEachMigrate.sql}) without which the same migration fails.
 */
// tag::migrate[]
@CitusCluster(workers = 2, reset = Reset.TRUNCATE, keptTables = "public.products")
class FlywayMigrationIT {

    @BeforeAll
    static void migrate(DataSource dataSource) {
        // classpath:db/migration holds V1__..., V2__... and the SQL callback beforeEachMigrate.sql
        Flyway.configure().dataSource(dataSource).load().migrate();
    }
    // end::migrate[]

    // tag::assert[]
    @Test
    void theMigrationsMadeADistributedSchemaWithForeignKeys(CitusClusterContainer cluster, Connection db)
            throws SQLException {
        assertThat(cluster).table("customers").isDistributed().hasDistributionColumn("customer_id");
        assertThat(cluster).table("orders").isColocatedWith("customers");
        assertThat(cluster).table("products").isReferenceTable();
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO customers VALUES (1, 'Ada')");
            s.execute("INSERT INTO orders VALUES (1, 10, 2, 1)");
            assertThatThrownBy(() -> s.execute("INSERT INTO orders VALUES (1, 11, 99, 1)"))  // no product 99
                    .isInstanceOf(SQLException.class).hasMessageContaining("foreign key");
        }
    }
    // end::assert[]

    @Test
    void theResetKeepsTheHistoryAndTheKeptTablesRows(Connection db) throws SQLException {
        // whichever test ran first, reset = TRUNCATE emptied customers and orders, not products or Flyway's history
        try (Statement s = db.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM products")).isEqualTo(3);
            assertThat(count(s, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(2);
        }
    }

    // tag::pitfall[]
    @Test
    void withoutTheCallbackTheSameMigrationFailsInItsTransaction(DataSource dataSource) {
        // the same migrations into a schema of their own, with Flyway's SQL callbacks switched off
        Flyway withoutCallback = Flyway.configure().dataSource(dataSource)
                .schemas("without_callback").skipDefaultCallbacks(true).load();
        assertThatThrownBy(withoutCallback::migrate)
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("because there was a parallel operation on a distributed table in the transaction");
    }
    // end::pitfall[]

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
