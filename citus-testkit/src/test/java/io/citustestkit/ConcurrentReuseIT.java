package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.networksOf;
import static io.citustestkit.testsupport.DockerResources.nodesOf;
import static io.citustestkit.testsupport.DockerResources.removeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.ClusterConfig;
import io.citustestkit.testsupport.ClusterProcess;
import io.citustestkit.testsupport.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * withReuse(true) in several JVMs started at the same moment (test forks, modules built in parallel): every JVM gets
 * the one cluster, ready, none fails, and nothing is created twice (one coordinator, its workers, one network).
 */
class ConcurrentReuseIT {

    @ParameterizedTest(name = "{0} JVMs at once")
    @ValueSource(ints = {2, 4})
    void jvmsStartingOneReusableClusterAtOnceAllGetTheOneCluster(int jvms) throws Exception {
        Assumptions.assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "container reuse is not enabled (testcontainers.reuse.enable=true / TESTCONTAINERS_REUSE_ENABLE=true)");
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        // a key of this test run only: no other run's or test's cluster is in the way
        Map<String, String> key = Map.of(ClusterConfig.REUSE_KEY_PROPERTY, "concurrent-it-" + UUID.randomUUID());
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
            List<ClusterProcess.Started> started = new ArrayList<>();
            for (ClusterProcess child : children) {
                started.add(child.awaitStarted(Duration.ofSeconds(240)));
            }
            clusterId = started.get(0).clusterId();
            System.out.printf("%d JVMs at once: start() took %s ms%n", jvms,
                    started.stream().map(ClusterProcess.Started::startMillis).toList());

            assertThat(started).extracting(ClusterProcess.Started::clusterId).containsOnly(clusterId);
            assertThat(started).extracting(ClusterProcess.Started::containerId)
                    .containsOnly(started.get(0).containerId());
            assertThat(nodesOf(clusterId)).as("one coordinator and two workers, all running").hasSize(3)
                    .allMatch(n -> n.endsWith(":running"));
            assertThat(networksOf(clusterId)).as("one network").hasSize(1);
            assertThat(containersOf(clusterId)).as("the nodes and the ready record; no lock left")
                    .hasSize(4).anyMatch(n -> n.endsWith("-ready")).noneMatch(n -> n.endsWith("-lock"));
            assertThat(children.stream().filter(c -> c.output().contains("(created for reuse")).count())
                    .as("exactly one JVM created the cluster").isEqualTo(1);
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
