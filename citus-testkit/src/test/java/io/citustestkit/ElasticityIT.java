package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.testsupport.PerImageCluster;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Growing and shrinking a running cluster: addWorker + rebalance, removeWorker. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElasticityIT extends PerImageCluster {

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(1);
    }

    @Override
    protected void afterStart() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric)",
                    "SELECT create_distributed_table('orders', 'id', shard_count => 8)",
                    "INSERT INTO orders SELECT i, i * 1.5 FROM generate_series(1, 200) i",
                    "CREATE TABLE currencies (code text PRIMARY KEY)",
                    "SELECT create_reference_table('currencies')",
                    "INSERT INTO currencies VALUES ('EUR'), ('USD')");
        }
    }

    @Test
    @Order(1)
    void addedWorkerIsActiveAndRebalanceSpreadsShardsOverEveryWorker() throws SQLException {
        CitusNode added = cluster.addWorker();
        assertThat(added.getNetworkAlias()).isEqualTo("worker-2");
        assertThat(cluster.getWorkers()).hasSize(2).last().isEqualTo(added);
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
            // before the rebalance every shard is still on worker-1
            assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'orders'::regclass"))
                    .containsExactly("worker-1");

            cluster.rebalance();

            assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'orders'::regclass"
                    + " ORDER BY 1")).containsExactly("worker-1", "worker-2");
            assertThat(count(c, "SELECT count(*) FROM citus_shards WHERE table_name = 'orders'::regclass"
                    + " AND nodename = 'worker-2'")).isEqualTo(4);
            assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(200);
            assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'currencies'::regclass"
                    + " AND nodename LIKE 'worker-%' ORDER BY 1")).containsExactly("worker-1", "worker-2");
        }
    }

    @Test
    @Order(2)
    void removedWorkerIsDrainedFirstSoNoDataIsLost() throws SQLException {
        CitusNode first = cluster.getWorker(0);
        String containerId = first.getContainer().getContainerId();
        cluster.removeWorker(first);

        assertThat(cluster.getWorkers()).extracting(CitusNode::getNetworkAlias).containsExactly("worker-2");
        assertThat(first.isRunning()).isFalse();
        assertThatThrownBy(first::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("start() on worker-1: the node was removed from its cluster (removeWorker() or the"
                        + " cluster's stop()); add a new one with addWorker()");
        assertThat(cluster.getDockerClient().listContainersCmd().withShowAll(true)
                .withIdFilter(java.util.List.of(containerId)).exec()).isEmpty();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(200);
            assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'orders'::regclass"))
                    .containsExactly("worker-2");
            assertThat(strings(c, "SELECT nodename FROM pg_dist_node WHERE groupid <> 0")).containsExactly("worker-2");
        }
    }

    @Test
    @Order(3)
    void removingANodeThatIsNotAWorkerOfThisClusterIsRefused() {
        assertThatThrownBy(() -> cluster.removeWorker(cluster.getCoordinator()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed: one of this cluster's workers [worker-2]");
    }
}
