package io.citustestkit.bench;

import static io.citustestkit.testsupport.DockerResources.networksOf;
import static io.citustestkit.testsupport.DockerResources.nodesOf;
import static io.citustestkit.testsupport.DockerResources.removeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.ClusterConfig;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.ClusterProcess;
import io.citustestkit.testsupport.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * 1, 2 and 4 JVMs that start one reusable 1 + 2 cluster at the same moment, from nothing (a reuse key of the run):
 * each JVM's time from its {@code start()} call to ready (children wait for one signal once Docker is found), that
 * every one got the one cluster (one coordinator, two workers, one network), and which JVM created it. Rounds
 * interleave 1, 2 and 4 JVMs. Prints every figure, the medians and the load.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=ConcurrentReuseBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=3, -Dcitustestkit.bench.image=citusdata/citus:13.2.0
 */
class ConcurrentReuseBenchmark {

    @Test
    void jvmsStartingOneReusableClusterAtOnce() throws Exception {
        Assumptions.assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "container reuse is not enabled (TESTCONTAINERS_REUSE_ENABLE=true)");
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 3);
        TestImages.assumeAvailable(image);
        TunedImages.resolve(DockerImageName.parse(image));
        String loadBefore = ReuseBenchmark.load();
        Map<Integer, List<Long>> creators = new java.util.TreeMap<>();
        Map<Integer, List<Long>> slowest = new java.util.TreeMap<>();
        for (int run = 1; run <= runs; run++) {
            for (int jvms : new int[] {1, 2, 4}) {
                List<Long> times = round(image, jvms);
                creators.computeIfAbsent(jvms, k -> new ArrayList<>()).add(times.get(0));
                slowest.computeIfAbsent(jvms, k -> new ArrayList<>()).add(times.stream().mapToLong(t -> t).max()
                        .orElseThrow());
                System.out.printf("run %d  %d JVM(s) at once: creator %5d ms, each JVM %s ms   load %s%n", run, jvms,
                        times.get(0), times, ReuseBenchmark.load());
            }
        }
        System.out.printf("%n== one reusable 1 + 2 cluster started by N JVMs at once, image %s, %d runs, %d cores,"
                + " load %s -> %s ==%n", image, runs, Runtime.getRuntime().availableProcessors(), loadBefore,
                ReuseBenchmark.load());
        for (int jvms : creators.keySet()) {
            System.out.printf("%d JVM(s): the creator median %5d ms %s; the last JVM ready median %5d ms %s%n", jvms,
                    ReuseBenchmark.median(creators.get(jvms)), creators.get(jvms),
                    ReuseBenchmark.median(slowest.get(jvms)), slowest.get(jvms));
        }
    }

    /** One round: the creator's time first, then the others' in launch order. Asserts one whole cluster. */
    private static List<Long> round(String image, int jvms) throws Exception {
        Map<String, String> key = Map.of(ClusterConfig.REUSE_KEY_PROPERTY, "bench-" + UUID.randomUUID());
        List<ClusterProcess> children = new ArrayList<>();
        String clusterId = null;
        try {
            for (int i = 0; i < jvms; i++) {
                children.add(ClusterProcess.launch(image, 2, true, key, true));
            }
            for (ClusterProcess child : children) {
                child.awaitWaiting(Duration.ofSeconds(60));
            }
            for (ClusterProcess child : children) {
                child.go();
            }
            List<Long> times = new ArrayList<>();
            String containerId = null;
            for (ClusterProcess child : children) {
                ClusterProcess.Started s = child.awaitStarted(Duration.ofSeconds(240));
                clusterId = s.clusterId();
                assertThat(containerId == null || containerId.equals(s.containerId())).as("one coordinator").isTrue();
                containerId = s.containerId();
                if (child.output().contains("(created for reuse")) {
                    times.add(0, s.startMillis());
                } else {
                    times.add(s.startMillis());
                }
            }
            assertThat(children.stream().filter(c -> c.output().contains("(created for reuse")).count())
                    .as("exactly one JVM created the cluster").isEqualTo(1);
            assertThat(nodesOf(clusterId)).hasSize(3);
            assertThat(networksOf(clusterId)).hasSize(1);
            return times;
        } finally {
            for (ClusterProcess child : children) {
                child.close();
            }
            if (clusterId != null) {
                removeCluster(clusterId);
            }
        }
    }
}
