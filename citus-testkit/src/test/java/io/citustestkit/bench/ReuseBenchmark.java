package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.ClusterProcess;
import io.citustestkit.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * A second JVM's {@code start()} of a reused 1 + 2 cluster, against a fresh JVM's cold start of the same cluster and,
 * as the baseline of what Testcontainers and the driver cost a fresh JVM, a reused {@link PostgreSQLContainer} of the
 * same image (its {@code start()}, and its {@code start()} plus a first query: the cluster's {@code start()} includes
 * its health check over JDBC), interleaved in one run; every start runs in a child JVM of its own
 * ({@link ClusterProcess}), timed from the call to {@code start()} (Docker found first, as under
 * {@code @Testcontainers}). Prints medians, the ratios and the load.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=ReuseBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=7, -Dcitustestkit.bench.image=citusdata/citus:13.2.0,
 * -Dcitustestkit.bench.before=/path/to/an/earlier/citus-testkit/target/classes: each run also starts a reuse child on
 * that earlier build of the kit (the same test classes), interleaved, for a before/after of one change.
 */
class ReuseBenchmark {

    @Test
    void aSecondJvmReusingAClusterAgainstAColdStart() throws Exception {
        Assumptions.assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "container reuse is not enabled (TESTCONTAINERS_REUSE_ENABLE=true)");
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 7);
        TestImages.assumeAvailable(image);
        TunedImages.resolve(DockerImageName.parse(image));

        String before = System.getProperty("citustestkit.bench.before");
        List<Long> reuseBefore = new ArrayList<>();
        List<Long> reuse = new ArrayList<>();
        List<Long> warm = new ArrayList<>();
        List<Long> cold = new ArrayList<>();
        List<Long> postgresStart = new ArrayList<>();
        List<Long> postgresQuery = new ArrayList<>();
        String loadBefore = load();
        CitusClusterContainer kept = new CitusClusterContainer(image).withWorkers(2).withReuse(true);
        PostgreSQLContainer keptPostgres = new PostgreSQLContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("postgres")).withReuse(true);
        try {
            kept.start();
            keptPostgres.start();
            for (int run = 1; run <= runs; run++) {
                ClusterProcess.Started b = before == null ? null : beforeChild(image, before, kept.getClusterId());
                ClusterProcess.Started r = child(image, true, kept.getClusterId());
                if (b != null) {
                    reuseBefore.add(b.startMillis());
                    System.out.printf("run %d  reuse in a second JVM on the earlier build %5d ms%n", run,
                            b.startMillis());
                }
                ClusterProcess.Started c = child(image, false, null);
                ClusterProcess.Started p = postgresChild(image, keptPostgres.getContainerId());
                reuse.add(r.startMillis());
                warm.add(r.againMillis());
                cold.add(c.startMillis());
                postgresStart.add(p.startMillis());
                postgresQuery.add(p.againMillis());
                System.out.printf("run %d  reuse in a second JVM %5d ms (again in that JVM %4d ms)   cold start in a"
                        + " fresh JVM %5d ms   PostgreSQLContainer reused in a fresh JVM %4d ms (+ first query %4d ms)"
                        + "   load %s%n", run, r.startMillis(), r.againMillis(), c.startMillis(), p.startMillis(),
                        p.againMillis(), load());
            }
        } finally {
            kept.stop();
            keptPostgres.stop();
        }
        System.out.printf("%n== start() of a 1 + 2 cluster in a new JVM, image %s, %d runs, %d cores, load %s -> %s ==%n",
                image, runs, Runtime.getRuntime().availableProcessors(), loadBefore, load());
        System.out.printf("reuse (second JVM)   median %5d ms  all %s%n", median(reuse), reuse);
        System.out.printf("reuse, warm JVM      median %5d ms  all %s  (a second start() in that JVM: no class loading)%n",
                median(warm), warm);
        System.out.printf("cold start (tuned)   median %5d ms  all %s%n", median(cold), cold);
        System.out.printf("PostgreSQLContainer  median %5d ms  all %s  (one container reused in a fresh JVM)%n",
                median(postgresStart), postgresStart);
        System.out.printf("  + first query      median %5d ms  all %s%n", median(postgresQuery), postgresQuery);
        if (!reuseBefore.isEmpty()) {
            System.out.printf("reuse, earlier build median %5d ms  all %s  (%s)%n", median(reuseBefore), reuseBefore,
                    before);
            System.out.printf("reuse this build / earlier build   %.2f%n", (double) median(reuse) / median(reuseBefore));
        }
        System.out.printf("reuse / cold start   %.2f%n", (double) median(reuse) / median(cold));
        System.out.printf("reuse / PostgreSQLContainer start + first query   %.2f%n",
                (double) median(reuse) / median(postgresQuery));
    }

    private static ClusterProcess.Started postgresChild(String image, String expectedContainer) throws Exception {
        try (ClusterProcess child = ClusterProcess.launchMain(PostgresReuseProcess.class, image)) {
            ClusterProcess.Started started = child.awaitStarted(Duration.ofSeconds(120));
            assertThat(started.containerId()).isEqualTo(expectedContainer);
            return started;
        }
    }

    /** A reuse child on an earlier build's main classes (this build's test classes and dependencies). */
    private static ClusterProcess.Started beforeChild(String image, String beforeClasses, String expectedCluster)
            throws Exception {
        java.nio.file.Path target = java.nio.file.Path.of("target").toAbsolutePath();
        java.util.function.Predicate<String> thisBuild = e -> { // the kit's main classes: the folder, or the jar (verify)
            java.nio.file.Path p = java.nio.file.Path.of(e).toAbsolutePath();
            String name = p.getFileName().toString();
            return p.getParent().equals(target) && (name.equals("classes")
                    || name.startsWith("citus-testkit-") && name.endsWith(".jar") && !name.contains("-tests"));
        };
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> thisBuild.test(e) ? beforeClasses : e)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        assertThat(classPath).as("the class path holds this build's classes to replace").contains(beforeClasses);
        try (ClusterProcess child = ClusterProcess.launch(image, 2, true, java.util.Map.of(), false, classPath)) {
            ClusterProcess.Started started = child.awaitStarted(Duration.ofSeconds(120));
            assertThat(started.clusterId()).isEqualTo(expectedCluster);
            return started;
        }
    }

    private static ClusterProcess.Started child(String image, boolean reuse, String expectedCluster) throws Exception {
        try (ClusterProcess child = ClusterProcess.launch(image, 2, reuse)) {
            ClusterProcess.Started started = child.awaitStarted(Duration.ofSeconds(120));
            if (expectedCluster != null) {
                assertThat(started.clusterId()).isEqualTo(expectedCluster);
            }
            return started;
        }
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1];
        } catch (Exception e) {
            return "n/a";
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
