package com.example.quickstart;

// tag::imports[]
import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
// end::imports[]

/** The container API without the JUnit extension: node failures, growing the cluster, reset. */
class ClusterControlIT {

    @Test
    void aWorkerGoesDownComesBackAndTheClusterGrows() throws SQLException {
        // tag::container[]
        try (CitusClusterContainer cluster = new CitusClusterContainer()  // citusdata/citus:13.2.0
                .withWorkers(2)
                .withShardCount(8)
                .withConfigParameter("citus.log_remote_commands", "off")) {
            cluster.start();   // coordinator + 2 workers, registered, healthy

            try (Connection c = cluster.createConnection("");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE events (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
                s.execute("SELECT create_distributed_table('events', 'tenant_id')");
                s.execute("INSERT INTO events SELECT t, i FROM generate_series(1, 20) t, generate_series(1, 5) i");
            }
            // end::container[]

            // tag::node-failure[]
            CitusNode worker = cluster.getWorker(0);          // 0-based: network alias worker-1
            worker.stop();                                    // down like a crash; its data stays
            assertThatThrownBy(() -> count(cluster, "SELECT count(*) FROM events"))
                    .isInstanceOf(SQLException.class);        // the query needs worker-1's shards
            worker.start();                                   // back, same data, active again
            assertThat(count(cluster, "SELECT count(*) FROM events")).isEqualTo(100);
            // end::node-failure[]

            // tag::grow[]
            CitusNode third = cluster.addWorker();            // worker-3, registered and active
            cluster.rebalance();                              // Citus' rebalancer moves shards there
            assertThat(count(cluster, "SELECT count(*) FROM citus_shards WHERE nodename = '"
                    + third.getNetworkAlias() + "'")).isPositive();
            cluster.removeWorker(cluster.getWorker(0));       // drained first: no data lost
            assertThat(count(cluster, "SELECT count(*) FROM events")).isEqualTo(100);
            // end::grow[]

            // tag::reset[]
            cluster.reset();                                  // drops what the test created
            assertThat(count(cluster, "SELECT count(*) FROM pg_dist_partition")).isZero();
            // end::reset[]
        }
    }

    private static long count(CitusClusterContainer cluster, String sql) throws SQLException {
        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
