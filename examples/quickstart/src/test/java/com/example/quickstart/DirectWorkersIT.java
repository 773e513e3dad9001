package com.example.quickstart;

import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Code that reads the workers from Citus' metadata and connects to each itself: both ways to let it. */
class DirectWorkersIT {

    @Test
    void hostReachableNodesAreReachedAtTheirRegisteredAddress() throws SQLException {
        // tag::host-reachable[]
        try (CitusClusterContainer cluster = new CitusClusterContainer().withWorkers(2)
                .withHostReachableNodes(true)) {   // pg_dist_node holds addresses the JVM reaches too
            cluster.start();
            for (String node : activeWorkers(cluster)) {              // e.g. "192.168.64.1:24117"
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + node + "/test",
                        cluster.getUsername(), cluster.getPassword())) {
                    assertThat(c.isValid(5)).isTrue();
                }
            }
        }
        // end::host-reachable[]
    }

    @Test
    void theDefaultModeMapsRegisteredAddresses() throws SQLException {
        // tag::address-map[]
        try (CitusClusterContainer cluster = new CitusClusterContainer().withWorkers(2)) {
            cluster.start();
            for (String node : activeWorkers(cluster)) {              // "worker-1:5432", "worker-2:5432"
                String[] hostPort = node.split(":");
                InetSocketAddress a = cluster.hostAddressOf(hostPort[0], Integer.parseInt(hostPort[1]));
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + a.getHostString() + ":"
                        + a.getPort() + "/test", cluster.getUsername(), cluster.getPassword())) {
                    assertThat(c.isValid(5)).isTrue();
                }
            }
        }
        // end::address-map[]
    }

    private static List<String> activeWorkers(CitusClusterContainer cluster) throws SQLException {
        List<String> nodes = new ArrayList<>();
        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT node_name || ':' || node_port FROM citus_get_active_worker_nodes()")) {
            while (rs.next()) {
                nodes.add(rs.getString(1));
            }
        }
        assertThat(nodes).hasSize(2);
        return nodes;
    }
}
