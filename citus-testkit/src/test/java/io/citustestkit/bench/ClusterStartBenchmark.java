package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Cold start of a 1 + 2 cluster: the naive way (three PostgreSQLContainers on the same official image,
 * started in parallel, then registration SQL) against CitusClusterContainer with the plain image and with
 * the tuned image, interleaved in one run. Prints medians and ratios; asserts only that each cluster worked.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=ClusterStartBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=5, -Dcitustestkit.bench.image=citusdata/citus:13.2.0
 */
class ClusterStartBenchmark {

    @Test
    void coldStartOfOneCoordinatorAndTwoWorkers() throws Exception {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 5);
        TestImages.assumeAvailable(image);
        // the tuned image is built once, before any timing: the benchmark is about cluster starts
        TunedImages.resolve(DockerImageName.parse(image));

        Map<String, Supplier<Long>> ways = new LinkedHashMap<>();
        ways.put("naive (3 x PostgreSQLContainer + SQL)", () -> naive(image));
        ways.put("CitusClusterContainer, plain image", () -> kit(image, false));
        ways.put("CitusClusterContainer, tuned image", () -> kit(image, true));
        Map<String, List<Long>> times = new LinkedHashMap<>();
        ways.keySet().forEach(k -> times.put(k, new ArrayList<>()));

        for (int run = 1; run <= runs; run++) {
            for (Map.Entry<String, Supplier<Long>> way : ways.entrySet()) {
                long ms = way.getValue().get();
                times.get(way.getKey()).add(ms);
                System.out.printf("run %d  %-40s %6d ms%n", run, way.getKey(), ms);
            }
        }

        long naive = median(times.get("naive (3 x PostgreSQLContainer + SQL)"));
        System.out.printf("%n== cold start of coordinator + 2 workers, image %s, %d runs each, %d cores ==%n",
                image, runs, Runtime.getRuntime().availableProcessors());
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long m = median(e.getValue());
            System.out.printf("%-40s median %6d ms  ratio to naive %.2f  all %s%n", e.getKey(), m,
                    (double) m / naive, e.getValue());
        }
    }

    static long naive(String image) {
        DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
        try (Network network = Network.newNetwork();
                PostgreSQLContainer coordinator = node(name, network, "coordinator");
                PostgreSQLContainer worker1 = node(name, network, "worker-1");
                PostgreSQLContainer worker2 = node(name, network, "worker-2")) {
            long t0 = System.nanoTime();
            Startables.deepStart(coordinator, worker1, worker2).join();
            try (Connection c = coordinator.createConnection(""); Statement s = c.createStatement()) {
                s.execute("SELECT citus_set_coordinator_host('coordinator', 5432)");
                s.execute("SELECT citus_add_node('worker-1', 5432)");
                s.execute("SELECT citus_add_node('worker-2', 5432)");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM citus_get_active_worker_nodes()")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
                return ms;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PostgreSQLContainer node(DockerImageName image, Network network, String alias) {
        return new PostgreSQLContainer(image)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust");
    }

    private static long kit(String image, boolean tuned) {
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2).withTunedImage(tuned)) {
            long t0 = System.nanoTime();
            cluster.start();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(cluster.getWorkers()).hasSize(2);
            return ms;
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
