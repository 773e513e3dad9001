package com.example.consumer;

import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.CitusCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * What a user's first test does, on the published artifacts only: {@code @CitusCluster} in a {@code *Test} class
 * (surefire), and one static import for the kit's assertions and AssertJ's.
 */
@CitusCluster(workers = 1, initScripts = "schema.sql")
class ConsumerTest {

    @Test
    void aDistributedTableOnARealCluster(CitusClusterContainer cluster, Connection db) throws SQLException {
        assertThat(cluster).hasActiveWorkers(1);
        assertThat(cluster).table("events").isDistributed().hasDistributionColumn("tenant_id");
        assertThat(cluster).query("SELECT count(*) FROM events WHERE tenant_id = 1").isRouterQuery();
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO events VALUES (1, 1), (2, 2)");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void theJdbcUrlIsKnownToTestcontainersDriver() {
        // the provider ships in the jar (META-INF/services): a bad parameter is reported by it, without starting anything
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tc:citus:13.2.0:///app?TC_WORKERS=100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TC_WORKERS was \"100\"");
    }
}
