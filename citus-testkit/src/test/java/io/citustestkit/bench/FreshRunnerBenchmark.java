package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Waits;
import io.citustestkit.testsupport.FreshBase;
import io.citustestkit.testsupport.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fresh runner: the base image present, its tuned image not. Interleaved in one run, each round on a base image
 * whose tuned image was never built (the test image under a new name, {@link FreshBase}: nothing of the build is in
 * Docker's layer cache either): the naive start (three PostgreSQLContainers + registration SQL, as
 * {@link ClusterStartBenchmark}), the kit's first 1 + 2 cluster, the wait for the background build (not timed into
 * either), and a second kit cluster on the tuned image. Prints medians, ratios and the load average before each start.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=FreshRunnerBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=3, -Dcitustestkit.bench.image=citusdata/citus:13.2.0
 */
class FreshRunnerBenchmark {

    private static final String NAIVE = "naive (3 x PostgreSQLContainer + SQL)";
    private static final String FIRST = "kit, first cluster (tuned image absent)";
    private static final String BUILD = "background build, after the first is ready";
    private static final String SECOND = "kit, second cluster (tuned image built)";

    @Test
    void firstClusterOnAFreshRunner() throws Exception {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 3);
        TestImages.assumeAvailable(image);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        List.of(NAIVE, FIRST, BUILD, SECOND).forEach(k -> times.put(k, new ArrayList<>()));

        for (int run = 1; run <= runs; run++) {
            try (AutoCloseable backgroundBuildsOn = FreshBase.backgroundBuilds(); FreshBase base = FreshBase.of(image)) {
                String load = ReuseBenchmark.load();
                long naive = ClusterStartBenchmark.naive(base.image().asCanonicalNameString());
                record(times, run, NAIVE, naive, load);

                load = ReuseBenchmark.load();
                long t0 = System.nanoTime();
                try (CitusClusterContainer first = new CitusClusterContainer(base.image()).withWorkers(2)) {
                    first.start();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(first.getWorkers()).hasSize(2);
                    assertThat(first.isTunedImage()).isFalse();
                    record(times, run, FIRST, ms, load);
                }
                Waits.until(Duration.ofMinutes(10), Duration.ofMillis(200),
                        () -> base.tunedPresent() ? null : "tuned image not built yet", IllegalStateException::new);
                record(times, run, BUILD, (System.nanoTime() - t0) / 1_000_000, load);

                load = ReuseBenchmark.load();
                t0 = System.nanoTime();
                try (CitusClusterContainer second = new CitusClusterContainer(base.image()).withWorkers(2)) {
                    second.start();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(second.isTunedImage()).isTrue();
                    record(times, run, SECOND, ms, load);
                }
            }
        }

        long naive = ReuseBenchmark.median(times.get(NAIVE));
        System.out.printf("%n== fresh runner, coordinator + 2 workers, image %s, %d runs, %d cores, load now %s ==%n",
                image, runs, Runtime.getRuntime().availableProcessors(), ReuseBenchmark.load());
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long m = ReuseBenchmark.median(e.getValue());
            System.out.printf("%-44s median %6d ms  ratio to naive %.2f  all %s%n", e.getKey(), m,
                    (double) m / naive, e.getValue());
        }
    }

    private static void record(Map<String, List<Long>> times, int run, String what, long ms, String load) {
        times.get(what).add(ms);
        System.out.printf("run %d  %-44s %6d ms  (load before: %s)%n", run, what, ms, load);
    }
}
