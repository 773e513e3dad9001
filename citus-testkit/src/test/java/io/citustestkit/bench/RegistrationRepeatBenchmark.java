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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/**
 * A 1 + 2 cluster started again and again in one JVM (50 times by default) on Citus 12.1, where the coordinator's
 * registration used to fail intermittently ("group 0 already has a primary node"). Prints the number of starts, the
 * failures by message and the start times; asserts that every start registered its nodes and served a query.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=RegistrationRepeatBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=50, -Dcitustestkit.bench.image=citusdata/citus:12.1.12-pg15
 */
class RegistrationRepeatBenchmark {

    @Test
    void aClusterStartsAgainAndAgainWithoutARegistrationError() throws Exception {
        String image = System.getProperty("citustestkit.bench.image", "citusdata/citus:12.1.12-pg15");
        int runs = Integer.getInteger("citustestkit.bench.runs", 50);
        TestImages.assumeAvailable(image);
        TunedImages.resolve(DockerImageName.parse(image));

        Map<String, Integer> failures = new TreeMap<>();
        List<Long> times = new ArrayList<>();
        int ok = 0;
        for (int run = 1; run <= runs; run++) {
            long t = System.nanoTime();
            try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)) {
                cluster.start();
                long ms = (System.nanoTime() - t) / 1_000_000;
                try (Connection c = cluster.createConnection(""); Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT count(*) FROM pg_dist_node WHERE noderole = 'primary'")) {
                    r.next();
                    assertThat(r.getInt(1)).as("registered primaries").isEqualTo(3);
                }
                times.add(ms);
                ok++;
                System.out.printf("start %2d: ready in %5d ms%n", run, ms);
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                failures.merge(message, 1, Integer::sum);
                System.out.printf("start %2d: FAILED %s%n", run, message);
            }
        }
        Collections.sort(times);
        System.out.printf("%n== %s: %d starts of a 1 + 2 cluster in one JVM: %d ready, %d failed; median %d ms,"
                + " max %d ms; %d cores ==%n", image, runs, ok, runs - ok,
                times.isEmpty() ? 0 : times.get(times.size() / 2), times.isEmpty() ? 0 : times.get(times.size() - 1),
                Runtime.getRuntime().availableProcessors());
        failures.forEach((m, n) -> System.out.printf("   %3d x %s%n", n, m));
        assertThat(failures).as("failed starts by message").isEmpty();
    }
}
