package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How fast a test cluster notices a network fault and heals: on one 1 + 2 cluster, rounds of cutting off a worker
 * ({@code disconnect()}) with the time to the first failed query on a session that had used it and on a new one,
 * {@code reconnect()} to a healthy cluster, and a paused worker's failed query. Prints medians; asserts only that each
 * query failed and the cluster came back (docs/performance.md "Network faults").
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=NetworkFaultBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=5, -Dcitustestkit.bench.image=citusdata/citus:13.2.0
 */
class NetworkFaultBenchmark {

    @Test
    void disconnectFailReconnect() throws Exception {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 5);
        TestImages.assumeAvailable(image);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)) {
            cluster.start();
            try (Connection c = cluster.createConnection("")) {
                Sql.exec(c, "CREATE TABLE items (id bigint PRIMARY KEY)",
                        "SELECT create_distributed_table('items', 'id', shard_count => 4)",
                        "INSERT INTO items SELECT generate_series(1, 40)");
            }
            CitusNode worker = cluster.getWorker(0);
            for (int run = 1; run <= runs; run++) {
                try (Connection held = cluster.createConnection("")) {
                    count(held);
                    worker.disconnect();
                    record(times, "disconnect() -> failed query, session that used the worker", failure(held));
                    try (Connection fresh = cluster.createConnection("")) {
                        record(times, "disconnect() -> failed query, new session", failure(fresh));
                    }
                }
                long t0 = System.nanoTime();
                worker.reconnect();
                record(times, "reconnect() -> healthy cluster", (System.nanoTime() - t0) / 1_000_000);
                worker.pause();
                try (Connection fresh = cluster.createConnection("")) {
                    record(times, "pause() -> failed query, new session", failure(fresh));
                }
                worker.unpause();
                try (Connection c = cluster.createConnection("")) {
                    assertThat(count(c)).isEqualTo(40);
                }
            }
        }
        System.out.printf("%n== network faults, image %s, %d runs, %d cores ==%n", image, runs,
                Runtime.getRuntime().availableProcessors());
        times.forEach((what, all) -> System.out.printf("%-62s median %6d ms  all %s%n", what, median(all), all));
    }

    private static long failure(Connection c) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> count(c)).isInstanceOf(SQLException.class).hasMessageContaining("worker-1");
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void record(Map<String, List<Long>> times, String what, long ms) {
        times.computeIfAbsent(what, k -> new ArrayList<>()).add(ms);
    }

    private static long count(Connection c) throws SQLException {
        return Sql.count(c, "SELECT count(*) FROM items");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
