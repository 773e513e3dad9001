package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.junit.CitusCluster;
import io.citustestkit.testsupport.DirectClient;
import io.citustestkit.testsupport.Sql;
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
        Sql.distributedTable(cluster, "items", 4, 10, 3);
    }

    @Test
    void everyPlacementIsReadThroughTheMap(CitusClusterContainer cluster) throws SQLException {
        DirectClient client = DirectClient.mapped(cluster);
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
        assertThat(DirectClient.mapped(cluster).selectOne("worker-2:5432")).isEqualTo(1);
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
