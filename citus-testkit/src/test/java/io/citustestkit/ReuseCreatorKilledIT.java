package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.networksOf;
import static io.citustestkit.testsupport.DockerResources.nodesOf;
import static io.citustestkit.testsupport.DockerResources.removeCluster;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.citustestkit.internal.ClusterConfig;
import io.citustestkit.internal.ReuseLock;
import io.citustestkit.internal.ReuseState;
import io.citustestkit.internal.Waits;
import io.citustestkit.testsupport.ClusterProcess;
import io.citustestkit.testsupport.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * A JVM killed (SIGKILL: no shutdown hook) while it creates a reusable cluster leaves its lock and a half-made
 * cluster; the next JVM takes the lock for stale (Docker saw its holder's connection end), replaces what is
 * half-made, says both in its log, and ends with the whole cluster.
 */
class ReuseCreatorKilledIT {

    @Test
    void theNextJvmRecoversFromACreatorKilledMidCreate() throws Exception {
        Assumptions.assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "container reuse is not enabled (testcontainers.reuse.enable=true / TESTCONTAINERS_REUSE_ENABLE=true)");
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        Map<String, String> key = Map.of(ClusterConfig.REUSE_KEY_PROPERTY, "killed-it-" + UUID.randomUUID());
        AtomicReference<String> clusterId = new AtomicReference<>();
        try {
            try (ClusterProcess creator = ClusterProcess.launch(image, 2, true, key, false)) {
                // mid-create: the creator holds the lock (started: Docker watches its connection) and a node exists
                String holder = "pid " + creator.pid() + " ";
                Waits.until(Duration.ofSeconds(120), Duration.ofMillis(20), () -> {
                    Container lock = locks().stream().filter(c -> c.getLabels().get(ReuseLock.HOLDER_LABEL)
                            .startsWith(holder)).findFirst().orElse(null);
                    if (lock == null || !"running".equals(lock.getState())) {
                        return "the creator holds no started lock yet";
                    }
                    clusterId.set(lock.getLabels().get(CitusClusterContainer.CLUSTER_LABEL));
                    return nodesOf(clusterId.get()).isEmpty() ? "no node created yet" : null;
                }, IllegalStateException::new);
                creator.kill();
            }
            String id = clusterId.get();
            assertThat(containersOf(id)).as("the creator was killed before it finished")
                    .doesNotContain("/" + ReuseState.readyName(id)).contains("/" + ReuseState.lockName(id));

            ClusterProcess.Started next;
            String log;
            try (ClusterProcess child = ClusterProcess.launch(image, 2, true, key, false)) {
                next = child.awaitStarted(Duration.ofSeconds(240));
                log = child.output();
            }

            assertThat(next.clusterId()).isEqualTo(id);
            assertThat(log).contains("the lock " + ReuseState.lockName(id) + " of pid").contains("is stale")
                    .contains("replacing what an earlier start left half-made").contains("(created for reuse");
            assertThat(nodesOf(id)).hasSize(3).allMatch(n -> n.endsWith(":running"));
            assertThat(networksOf(id)).hasSize(1);
            assertThat(containersOf(id)).contains("/" + ReuseState.readyName(id)).doesNotContain("/" + ReuseState.lockName(id));
        } finally {
            if (clusterId.get() != null) {
                removeCluster(clusterId.get());
            }
        }
    }

    private static List<Container> locks() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(CitusClusterContainer.ROLE_LABEL, ReuseState.LOCK_ROLE)).exec();
    }
}
