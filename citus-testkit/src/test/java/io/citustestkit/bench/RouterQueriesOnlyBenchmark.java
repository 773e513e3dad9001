package io.citustestkit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.RouterQueriesOnly;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * What {@code @RouterQueriesOnly} adds to a test: the same test (one router query on a session opened before the
 * test, as a pool keeps one) with and without the annotation, run through the engine test kit in interleaved rounds
 * on one 1 + 2 cluster; each test timed from its STARTED to its FINISHED event. Prints medians, the difference and
 * the load.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=RouterQueriesOnlyBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.rounds=5, -Dcitustestkit.bench.image=citusdata/citus:13.2.0
 */
class RouterQueriesOnlyBenchmark {

    static final int TESTS = 20;
    static CitusClusterContainer cluster;
    static Connection pool;

    static void routerQuery() throws Exception {
        try (PreparedStatement p = pool.prepareStatement("SELECT id FROM orders WHERE tenant_id = ? AND id = ?")) {
            p.setLong(1, 1L);
            p.setLong(2, 1L);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
            }
        }
    }

    static class Plain {
        static CitusClusterContainer cluster = RouterQueriesOnlyBenchmark.cluster;

        @RepeatedTest(TESTS)
        void oneRouterQuery() throws Exception {
            routerQuery();
        }
    }

    @RouterQueriesOnly
    static class Annotated {
        static CitusClusterContainer cluster = RouterQueriesOnlyBenchmark.cluster;

        @RepeatedTest(TESTS)
        void oneRouterQuery() throws Exception {
            routerQuery();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        TestImages.assumeAvailable(image);
        cluster = new CitusClusterContainer(image).withWorkers(2).withInitScript("junit/tenants.sql");
        cluster.start();
        pool = cluster.createConnection("");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void whatTheAnnotationAddsPerTest() {
        int rounds = Integer.getInteger("citustestkit.bench.rounds", 5);
        Map<Class<?>, List<Long>> times = new HashMap<>();
        String loadBefore = ReuseBenchmark.load();
        run(Annotated.class); // warm-up: the log follower, JIT
        run(Plain.class);
        for (int round = 1; round <= rounds; round++) {
            for (Class<?> c : List.of(Plain.class, Annotated.class)) {
                List<Long> t = run(c);
                times.computeIfAbsent(c, k -> new ArrayList<>()).addAll(t);
                System.out.printf("round %d  %-9s median %6.2f ms%n", round, c.getSimpleName(), median(t) / 1e6);
            }
        }
        double plain = median(times.get(Plain.class)) / 1e6;
        double annotated = median(times.get(Annotated.class)) / 1e6;
        System.out.printf("%n== @RouterQueriesOnly, one router query per test, image %s, %d rounds x %d tests,"
                + " %d cores, load %s -> %s ==%n", cluster.getBaseImage().asCanonicalNameString(), rounds, TESTS,
                Runtime.getRuntime().availableProcessors(), loadBefore, ReuseBenchmark.load());
        System.out.printf("without the annotation  median %6.2f ms per test%n", plain);
        System.out.printf("with the annotation     median %6.2f ms per test%n", annotated);
        System.out.printf("added per test          %6.2f ms (target <= 20 ms)%n", annotated - plain);
    }

    static List<Long> run(Class<?> testClass) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .execute();
        results.testEvents().assertStatistics(s -> s.succeeded(TESTS).failed(0));
        Map<Object, Event> started = new HashMap<>();
        List<Long> out = new ArrayList<>();
        for (Event e : results.testEvents().list()) {
            if (e.getType() == EventType.STARTED) {
                started.put(e.getTestDescriptor().getUniqueId(), e);
            } else if (e.getType() == EventType.FINISHED) {
                Event s = started.get(e.getTestDescriptor().getUniqueId());
                out.add(Duration.between(s.getTimestamp(), e.getTimestamp()).toNanos());
            }
        }
        return out;
    }

    static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
