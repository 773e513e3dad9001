package com.example.quickstart;

import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.CitusCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

// tag::upgrade[]
// a cluster of this class's own (shared = false): the upgrade changes it for every test that uses it
@CitusCluster(workers = 2, shared = false, image = "citusdata/citus:12.1.12-pg15")
class UpgradeRehearsalIT {

    @Test
    void ordersSurviveTheUpgradeFromCitus12Point1To13Point2(CitusClusterContainer cluster, DataSource db)
            throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (customer_id bigint PRIMARY KEY, name text NOT NULL)");
            s.execute("SELECT create_distributed_table('customers', 'customer_id')");
            s.execute("CREATE TABLE orders (customer_id bigint, order_id bigint, total numeric NOT NULL,"
                    + " PRIMARY KEY (customer_id, order_id))");
            s.execute("SELECT create_distributed_table('orders', 'customer_id', colocate_with => 'customers')");
            s.execute("INSERT INTO customers SELECT c, 'customer ' || c FROM generate_series(1, 100) c");
            s.execute("INSERT INTO orders SELECT c, o, o * 10 FROM generate_series(1, 100) c, generate_series(1, 10) o");
        }

        // same PostgreSQL (15), next Citus: every node restarts on the new image with its data, then
        // ALTER EXTENSION citus UPDATE runs on every node; sessions opened before are closed by the restart
        cluster.upgradeTo("citusdata/citus:13.2.0-pg15");

        assertThat(cluster.getCitusVersion()).startsWith("13.2.");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), sum(total) FROM orders")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1_000);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("55000");
        }
        assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("customer_id")
                .isColocatedWith("customers").hasShardsOnEveryWorker();
        assertThat(cluster).query("SELECT sum(total) FROM orders WHERE customer_id = ?", 42).isRouterQuery();
    }
}
// end::upgrade[]
