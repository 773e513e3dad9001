package io.citustestkit;

import static io.citustestkit.testsupport.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.junit.CitusCluster;
import io.citustestkit.testsupport.DirectClient;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default mode's address map: a program that takes a host override reaches every registered node through
 * {@code hostAddressOf}, also after a worker's restart (Docker maps it to a new port); an unknown node is named.
 */
@CitusCluster(workers = 2, shared = false)
class HostAddressMapIT {

    @BeforeAll
    static void fill(CitusClusterContainer cluster) throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE items (tenant_id bigint, id bigint)",
                    "SELECT create_distributed_table('items', 'tenant_id', shard_count => 4)",
                    "INSERT INTO items SELECT t, i FROM generate_series(1, 10) t, generate_series(1, 3) i");
        }
    }

    private static DirectClient mappingClient(CitusClusterContainer cluster) {
        return new DirectClient(cluster.getJdbcUrl(), cluster.getUsername(), cluster.getPassword(),
                cluster::hostAddressOf);
    }

    @Test
    void everyPlacementIsReadThroughTheMap(CitusClusterContainer cluster) throws SQLException {
        DirectClient client = mappingClient(cluster);
        assertThat(client.activeWorkers()).containsExactly("worker-1:5432", "worker-2:5432");
        Map<String, Long> rows = client.rowsPerPlacement("items");
        assertThat(rows).hasSize(4);
        assertThat(rows.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
        InetSocketAddress coordinator = cluster.hostAddressOf("coordinator", 5432);
        assertThat(coordinator.getHostString()).isEqualTo(cluster.getHost());
        assertThat(coordinator.getPort()).isEqualTo(cluster.getMappedPort(5432));
    }

    @Test
    void theMapFollowsAWorkerStartedAgain(CitusClusterContainer cluster) throws SQLException {
        CitusNode worker = cluster.getWorker(1);
        worker.stop();
        worker.start();
        InetSocketAddress after = cluster.hostAddressOf("worker-2", 5432);
        assertThat(after.getPort()).isEqualTo(worker.getContainer().getMappedPort(5432));
        assertThat(mappingClient(cluster).selectOne("worker-2:5432")).isEqualTo(1);
    }

    @Test
    void anUnknownNodeIsNamedWithTheKnownOnes(CitusClusterContainer cluster) {
        assertThatThrownBy(() -> cluster.hostAddressOf("worker-9", 5432))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeName:nodePort was worker-9:5432; allowed: a node registered in pg_dist_node, one of"
                        + " [coordinator:5432, worker-1:5432, worker-2:5432]");
        assertThatThrownBy(() -> cluster.hostAddressOf("worker-1", 5433))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("worker-1:5433");
    }
}
