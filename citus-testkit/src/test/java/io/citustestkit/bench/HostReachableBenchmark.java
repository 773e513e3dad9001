package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/**
 * Cold start of a 1 + 2 cluster with {@code withHostReachableNodes(true)} against the default mode, interleaved in
 * one run (target: at most 1.1x). Prints medians, the ratio and the load; asserts only that each cluster worked.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=HostReachableBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=7, -Dcitustestkit.bench.image=citusdata/citus:13.2.0
 */
class HostReachableBenchmark {

    @Test
    void hostReachableStartAgainstTheDefaultMode() {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 7);
        TestImages.assumeAvailable(image);
        TunedImages.resolve(DockerImageName.parse(image)); // built once, before any timing
        start(image, false); // a warm-up of each, not counted
        start(image, true);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        times.put("default (network aliases)", new ArrayList<>());
        times.put("host-reachable", new ArrayList<>());
        String loadBefore = load();
        for (int run = 1; run <= runs; run++) {
            // alternate which goes first, so neither always follows the other's clean-up
            boolean reachableFirst = run % 2 == 0;
            for (boolean reachable : reachableFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                long ms = start(image, reachable);
                String way = reachable ? "host-reachable" : "default (network aliases)";
                times.get(way).add(ms);
                System.out.printf("run %d  %-28s %6d ms  load %s%n", run, way, ms, load());
            }
        }
        long base = median(times.get("default (network aliases)"));
        System.out.printf("%n== start() of coordinator + 2 workers, image %s, %d runs each, %d cores, load %s -> %s ==%n",
                image, runs, Runtime.getRuntime().availableProcessors(), loadBefore, load());
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long m = median(e.getValue());
            System.out.printf("%-28s median %6d ms  ratio to default %.2f  all %s%n", e.getKey(), m, (double) m / base,
                    e.getValue());
        }
    }

    private static long start(String image, boolean hostReachable) {
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)
                .withHostReachableNodes(hostReachable)) {
            long t0 = System.nanoTime();
            cluster.start();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(cluster.getWorker(1).getRegisteredHost().equals("worker-2")).isNotEqualTo(hostReachable);
            return ms;
        }
    }

    private static String load() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
