package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.testsupport.PerLineCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node goes down and comes back with its data; a node hangs and recovers. */
class NodeLifecycleIT extends PerLineCluster {

    @Override
    protected CitusClusterContainer newCluster(String image) {
        // a paused node stalls queries: longer than the test cluster's 5 s connection timeout (docs/cluster.md)
        return new CitusClusterContainer(image).withWorkers(2).withConfigParameter("citus.node_connection_timeout", "60000");
    }

    @Override
    protected void afterStart() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE items (id bigint PRIMARY KEY, v text)",
                    "SELECT create_distributed_table('items', 'id', shard_count => 4)",
                    "INSERT INTO items SELECT i, 'v' || i FROM generate_series(1, 40) i");
        }
    }

    @Test
    void stoppedWorkerFailsQueriesThatNeedItAndComesBackWithItsData() throws SQLException {
        CitusNode worker = cluster.getWorker(0);
        int nodeId = worker.getNodeId();
        long rowsOnWorker;
        try (Connection c = worker.createConnection()) {
            rowsOnWorker = count(c, "SELECT count(*) FROM pg_class WHERE relname LIKE 'items\\_%' AND relkind = 'r'");
        }

        worker.stop();
        assertThat(worker.isRunning()).isFalse();
        assertThatThrownBy(worker::getJdbcUrl).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker-1 is stopped");
        try (Connection c = cluster.createConnection("")) {
            assertThatThrownBy(() -> count(c, "SELECT count(*) FROM items")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("worker-1");
        }

        worker.start();
        assertThat(worker.isRunning()).isTrue();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
        }
        try (Connection c = worker.createConnection()) {
            assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname LIKE 'items\\_%' AND relkind = 'r'"))
                    .isEqualTo(rowsOnWorker);
        }
        assertThat(worker.getNodeId()).isEqualTo(nodeId);
    }

    @Test
    void stoppedCoordinatorComesBackWithItsMetadata() throws SQLException {
        CitusNode coordinator = cluster.getCoordinator();
        coordinator.stop();
        assertThat(cluster.isRunning()).isFalse();
        coordinator.start();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
            assertThat(count(c, "SELECT count(*) FROM pg_dist_node")).isEqualTo(3);
        }
        assertThat(cluster.getJdbcUrl()).isEqualTo(coordinator.getJdbcUrl());
    }

    @Test
    void pausedWorkerStallsQueriesUntilUnpaused() throws Exception {
        CitusNode worker = cluster.getWorker(1);
        worker.pause();
        assertThat(worker.isPaused()).isTrue();
        CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> {
            try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
                s.setQueryTimeout(120);
                return count(c, "SELECT count(*) FROM items");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        // a hung node: the query does not finish while the worker is frozen
        assertThatThrownBy(() -> query.get(2, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        worker.unpause();
        assertThat(query.get(60, TimeUnit.SECONDS)).isEqualTo(40);
        assertThat(worker.isPaused()).isFalse();
    }
}
