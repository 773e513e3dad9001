package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.networksOf;
import static io.citustestkit.testsupport.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

/** The cluster on Testcontainers' resource model and hooks: labelled networks, the user's wait strategy, restarts. */
class LifecycleIT {

    @Test
    void theClustersNetworkCarriesTestcontainersSessionLabelsSoTheReaperRemovesIt() {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(1)) {
            cluster.start();
            assertThat(networksOf(cluster.getClusterId())).hasSize(1);
            Map<String, String> labels = DockerClientFactory.instance().client().listNetworksCmd()
                    .withFilter("label", List.of(CitusClusterContainer.CLUSTER_LABEL + "=" + cluster.getClusterId()))
                    .exec().get(0).getLabels();
            assertThat(labels)
                    .containsEntry(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL, DockerClientFactory.SESSION_ID)
                    .containsEntry(DockerClientFactory.TESTCONTAINERS_LABEL, "true");
            assertThat(cluster.getNetwork().getId()).isNotBlank();
        }
    }

    @Test
    void aWaitStrategyTheUserGaveIsTheCoordinatorsAndTheClusterIsStillWhole() throws Exception {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        AtomicInteger calls = new AtomicInteger();
        WaitStrategy logLine = Wait.forLogMessage(".*ready to accept connections.*", 1);
        WaitStrategy mine = new WaitStrategy() {
            @Override
            public void waitUntilReady(WaitStrategyTarget target) {
                calls.incrementAndGet();
                logLine.waitUntilReady(target);
            }

            @Override
            public WaitStrategy withStartupTimeout(java.time.Duration timeout) {
                logLine.withStartupTimeout(timeout);
                return this;
            }
        };
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(1).waitingFor(mine)) {
            cluster.start();
            assertThat(calls).as("the user's wait strategy ran for the coordinator").hasValue(1);
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            }
        }
    }

    @Test
    void aStoppedClusterStartsAgainAsANewClusterOnANewNetwork() throws Exception {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(1)) {
            cluster.start();
            String firstId = cluster.getClusterId();
            cluster.stop();
            assertThat(networksOf(firstId)).isEmpty();

            cluster.start();

            assertThat(cluster.getClusterId()).isNotEqualTo(firstId);
            assertThat(networksOf(cluster.getClusterId())).hasSize(1);
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            }
        }
    }
}
