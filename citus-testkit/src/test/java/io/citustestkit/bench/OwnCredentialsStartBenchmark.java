package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/**
 * Cold start of a tuned 1 + 2 cluster with the default credentials against one with its own user, password and
 * database (applied to the baked data directory at each node's first start), interleaved in one run. Prints
 * medians, the ratio (goal: own credentials within 1.2x of the defaults) and the machine's load; asserts only that
 * each cluster worked.
 *
 * <pre>TESTCONTAINERS_RYUK_DISABLED=true ./mvnw -B -o -pl citus-testkit -Pbenchmark verify -Dit.test=OwnCredentialsStartBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=7, -Dcitustestkit.bench.image=citusdata/citus:13.2.0
 */
class OwnCredentialsStartBenchmark {

    private static final String DEFAULTS = "tuned, default credentials (test/test/test)";
    private static final String OWN = "tuned, own credentials (ads_app/…/ads)";

    @Test
    void coldStartWithOwnCredentialsAgainstTheDefaults() {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 7);
        TestImages.assumeAvailable(image);
        // the tuned image is built once, before any timing
        TunedImages.resolve(DockerImageName.parse(image));
        String loadBefore = load();

        Map<String, UnaryOperator<CitusClusterContainer>> ways = new LinkedHashMap<>();
        ways.put(DEFAULTS, c -> c);
        ways.put(OWN, c -> c.withUsername("ads_app").withPassword("s3cret").withDatabaseName("ads"));
        Map<String, List<Long>> times = new LinkedHashMap<>();
        ways.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        // one warm-up start of each, not counted (JIT, page cache of the image's layers)
        ways.values().forEach(way -> start(image, way));
        for (int run = 1; run <= runs; run++) {
            // alternate which goes first, so that neither always follows the other's teardown
            List<String> order = new ArrayList<>(ways.keySet());
            if (run % 2 == 0) {
                Collections.reverse(order);
            }
            for (String way : order) {
                long ms = start(image, ways.get(way));
                times.get(way).add(ms);
                System.out.printf("run %d  %-46s %6d ms%n", run, way, ms);
            }
        }

        long defaults = median(times.get(DEFAULTS));
        long own = median(times.get(OWN));
        System.out.printf("%n== cold start of coordinator + 2 workers, image %s, %d runs each, %d cores ==%n", image,
                runs, Runtime.getRuntime().availableProcessors());
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            System.out.printf("%-46s median %6d ms  min %6d  max %6d  all %s%n", e.getKey(), median(e.getValue()),
                    Collections.min(e.getValue()), Collections.max(e.getValue()), e.getValue());
        }
        System.out.printf("ratio own credentials / defaults (medians): %.2f  (goal <= 1.20)%n", (double) own / defaults);
        System.out.printf("load before: %s%nload after:  %s%n", loadBefore, load());
    }

    private static long start(String image, UnaryOperator<CitusClusterContainer> way) {
        try (CitusClusterContainer cluster = way.apply(new CitusClusterContainer(image).withWorkers(2))) {
            long t0 = System.nanoTime();
            cluster.start();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            try (Connection c = cluster.createConnection(""); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM citus_get_active_worker_nodes()")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return ms;
        }
    }

    /** The machine's load averages (/proc/loadavg, what uptime prints). */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
