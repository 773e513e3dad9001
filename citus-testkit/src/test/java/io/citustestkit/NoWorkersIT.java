package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** withWorkers(0): a single-node Citus, the coordinator holds the shards. */
class NoWorkersIT {

    @Test
    void theCoordinatorHoldsTheShardsAndAWorkerCanBeAddedLater() throws Exception {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(0)) {
            cluster.start();
            assertThat(cluster.getWorkers()).isEmpty();
            try (Connection c = cluster.createConnection("")) {
                exec(c, "CREATE TABLE t (id bigint PRIMARY KEY)", "SELECT create_distributed_table('t', 'id')",
                        "INSERT INTO t SELECT generate_series(1, 10)");
                assertThat(count(c, "SELECT count(*) FROM t")).isEqualTo(10);
                assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards")).containsExactly("coordinator");
                cluster.truncateTables();
                assertThat(count(c, "SELECT count(*) FROM t")).isZero();
                exec(c, "INSERT INTO t SELECT generate_series(1, 10)");

                cluster.addWorker();
                cluster.rebalance();
                assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards ORDER BY 1"))
                        .contains("worker-1");
                assertThat(count(c, "SELECT count(*) FROM t")).isEqualTo(10);
                // after the rebalance the shards are on the new worker too: emptied there as well
                cluster.truncateTables();
                assertThat(count(c, "SELECT count(*) FROM t")).isZero();

                // reset() drops the shards wherever they are: on the coordinator and on the added worker
                // (shards the rebalancer moved away stay behind for Citus' deferred cleanup; not ours to check)
                exec(c, "CREATE TABLE r (id bigint PRIMARY KEY)", "SELECT create_reference_table('r')");
                String placed = "SELECT shard_name FROM citus_shards WHERE nodename = '%s'";
                List<String> onCoordinator = strings(c, String.format(placed, cluster.getCoordinator().getRegisteredHost()));
                List<String> onWorker = strings(c, String.format(placed, cluster.getWorker(0).getRegisteredHost()));
                assertThat(onCoordinator).isNotEmpty();
                assertThat(onWorker).isNotEmpty();
                cluster.reset();
                for (CitusNode node : List.of(cluster.getCoordinator(), cluster.getWorker(0))) {
                    List<String> held = node == cluster.getCoordinator() ? onCoordinator : onWorker;
                    try (Connection n = node.createConnection()) {
                        exec(n, "SET citus.override_table_visibility TO off");
                        assertThat(strings(n, "SELECT relname::text FROM pg_class"
                                + " WHERE relnamespace = 'public'::regnamespace"))
                                .as("shard tables on " + node.getNetworkAlias()).doesNotContainAnyElementsOf(held);
                    }
                }
                exec(c, "CREATE TABLE t (id bigint PRIMARY KEY)", "SELECT create_distributed_table('t', 'id')",
                        "INSERT INTO t SELECT generate_series(1, 10)");
                assertThat(count(c, "SELECT count(*) FROM t")).isEqualTo(10);
            }
        }
    }
}
