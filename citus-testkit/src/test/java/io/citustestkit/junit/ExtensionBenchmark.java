package io.citustestkit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.DockerClientFactory;

/**
 * Benchmark of the JUnit extension (issue 3), not a test: ten classes with equal settings run through the engine
 * test kit; it counts the clusters they got and the containers carrying those clusters' labels, then times reset of
 * ten distributed tables (TRUNCATE and DROP, medians). Run:
 * <pre>
 * ./mvnw -B -pl citus-testkit test-compile exec:java -Dexec.skip=false -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.citustestkit.junit.ExtensionBenchmark
 * </pre>
 */
public final class ExtensionBenchmark {

    static final Set<String> CLUSTERS = ConcurrentHashMap.newKeySet();
    static final Map<String, Integer> CONTAINERS = new ConcurrentHashMap<>();
    static final int TABLES = 10;
    static final int ROUNDS = 15;
    static final List<Long> TRUNCATE = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> DROP = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> CONNECT = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> CATALOGUE = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> STATEMENT = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> TRUNCATE_STATEMENT = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> DROP_AND_INIT = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> DROP_STATEMENT = Collections.synchronizedList(new ArrayList<>());

    private ExtensionBenchmark() {}

    static void record(CitusClusterContainer cluster) {
        CLUSTERS.add(cluster.getClusterId());
        CONTAINERS.put(cluster.getClusterId(), DockerClientFactory.instance().client().listContainersCmd()
                .withLabelFilter(Map.of(CitusClusterContainer.CLUSTER_LABEL, cluster.getClusterId())).exec().size());
    }

    abstract static class Base {
        @Test
        void uses(CitusClusterContainer cluster) {
            record(cluster);
        }
    }

    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C01 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C02 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C03 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C04 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C05 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C06 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C07 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C08 extends Base {}
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE) static class C09 extends Base {}

    /** The tenth class also times reset on the shared cluster. */
    @CitusCluster(workers = 2, reset = Reset.TRUNCATE)
    static class C10 extends Base {
        @Test
        void timesReset(CitusClusterContainer cluster) throws SQLException {
            List<String> init = List.of("junit/ten-tables.sql");
            CitusClusterExtension.runScripts(cluster, init, List.of());
            for (int round = 0; round < ROUNDS; round++) {
                fill(cluster);
                long t = System.nanoTime();
                cluster.truncateTables();
                TRUNCATE.add(System.nanoTime() - t);
            }
            for (int round = 0; round < ROUNDS; round++) {
                fill(cluster);
                long t = System.nanoTime();
                cluster.reset();
                DROP.add(System.nanoTime() - t);
                CitusClusterExtension.runScripts(cluster, init, List.of());
                DROP_AND_INIT.add(System.nanoTime() - t);
            }
            // for comparison: what Citus' own DROP TABLE ... CASCADE of the same tables costs, on a kept session
            // with one connection per worker (how reset() ran it before dropping shards node by node)
            try (Connection c = cluster.createConnection("")) {
                io.citustestkit.internal.Jdbc.execute(c, io.citustestkit.internal.ClusterSql.ONE_CONNECTION_PER_WORKER);
                List<String> tables = new ArrayList<>();
                for (int i = 1; i <= TABLES; i++) {
                    tables.add("bench_" + i);
                }
                for (int round = 0; round < ROUNDS / 3; round++) {
                    fill(cluster);
                    long t = System.nanoTime();
                    io.citustestkit.internal.Jdbc.execute(c, io.citustestkit.internal.ClusterSql.dropAll("TABLE", tables));
                    DROP_STATEMENT.add(System.nanoTime() - t);
                    CitusClusterExtension.runScripts(cluster, init, List.of());
                }
            }
            cluster.reset();
            CitusClusterExtension.runScripts(cluster, init, List.of());
            for (int round = 0; round < ROUNDS; round++) {
                long t = System.nanoTime();
                try (Connection c = cluster.createConnection("")) {
                    CONNECT.add(System.nanoTime() - t);
                    long q = System.nanoTime();
                    java.util.List<String> tables = io.citustestkit.internal.Jdbc.strings(c,
                            io.citustestkit.internal.ClusterSql.USER_TABLES);
                    CATALOGUE.add(System.nanoTime() - q);
                    fill(cluster);
                    long x = System.nanoTime();
                    cluster.truncateTables();
                    STATEMENT.add(System.nanoTime() - x);
                    // for comparison: what a TRUNCATE of the same tables costs on the same session
                    fill(cluster);
                    long y = System.nanoTime();
                    io.citustestkit.internal.Jdbc.execute(c, io.citustestkit.internal.ClusterSql.truncateAll(tables));
                    TRUNCATE_STATEMENT.add(System.nanoTime() - y);
                }
            }
            cluster.reset();
        }

        private static void fill(CitusClusterContainer cluster) throws SQLException {
            try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
                for (int i = 1; i <= TABLES; i++) {
                    s.execute("INSERT INTO bench_" + i + " SELECT g, g FROM generate_series(1, 100) g");
                }
            }
        }
    }

    public static void main(String[] args) {
        String image = System.getProperty(CitusCluster.IMAGE_PROPERTY, TestImages.primary());
        String reason = TestImages.unavailableReason(image);
        if (reason != null) {
            System.out.println("SKIPPED: " + reason);
            return;
        }
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Class<?> c : List.of(C01.class, C02.class, C03.class, C04.class, C05.class, C06.class, C07.class,
                C08.class, C09.class, C10.class)) {
            selectors.add(selectClass(c));
        }
        long t = System.nanoTime();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectors.toArray(new DiscoverySelector[0]))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, image).execute();
        long total = System.nanoTime() - t;
        System.out.printf("%nJUnit extension benchmark (image %s)%n", image);
        System.out.printf("  tests: %d succeeded, %d failed; whole run %d ms%n",
                results.testEvents().succeeded().count(), results.testEvents().failed().count(), total / 1_000_000);
        results.testEvents().failed().stream().forEach(e -> System.out.println("  FAILED: " + e));
        System.out.printf("  ten classes, equal settings: %d cluster(s) started, containers with its label: %s"
                + " (target: 1 cluster = 1 coordinator + 2 workers)%n", CLUSTERS.size(), CONTAINERS.values());
        System.out.printf("  reset of %d distributed tables (100 rows each), %d rounds:%n", TABLES, ROUNDS);
        System.out.printf("    TRUNCATE            median %4d ms  (target <= 100 ms, ratio %.2f)%n", median(TRUNCATE),
                median(TRUNCATE) / 100.0);
        System.out.printf("    DROP (reset())      median %4d ms  (target <= 300 ms, ratio %.2f)%n", median(DROP),
                median(DROP) / 300.0);
        System.out.printf("    DROP + initScripts  median %4d ms  (what Reset.DROP costs with 10 tables to recreate)%n",
                median(DROP_AND_INIT));
        System.out.printf("    TRUNCATE broken down: connect %d ms, USER_TABLES catalogue query %d ms,"
                + " truncateTables() on its kept sessions %d ms (a TRUNCATE ... RESTART IDENTITY CASCADE statement instead: %d ms)%n",
                median(CONNECT), median(CATALOGUE), median(STATEMENT), median(TRUNCATE_STATEMENT));
        System.out.printf("    DROP compared: Citus' own DROP TABLE ... CASCADE of the 10 tables on a kept session"
                + " (what reset() ran before) %d ms, %d rounds%n", median(DROP_STATEMENT), DROP_STATEMENT.size());
    }

    private static long median(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1_000_000;
    }
}
