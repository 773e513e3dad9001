package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.networksOf;
import static io.citustestkit.testsupport.DockerResources.nodesOf;
import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.ClusterProcess;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.TestcontainersConfiguration;

/** withReuse(true) across JVMs: a second JVM gets the running cluster of the first, workers and data included. */
class ReuseAcrossJvmsIT {

    @Test
    void aSecondJvmReusesTheWholeClusterAndItsNetworkOutlivesTheFirst() throws Exception {
        Assumptions.assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "container reuse is not enabled (testcontainers.reuse.enable=true / TESTCONTAINERS_REUSE_ENABLE=true)");
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        CitusClusterContainer first = new CitusClusterContainer(image).withWorkers(2).withReuse(true);
        try {
            first.start();
            try (Connection c = first.createConnection("")) {
                exec(c, "DROP TABLE IF EXISTS kept_across_jvms",
                        "CREATE TABLE kept_across_jvms (id int PRIMARY KEY)",
                        "SELECT create_distributed_table('kept_across_jvms', 'id')",
                        "INSERT INTO kept_across_jvms VALUES (1), (2), (3)");
            }
            // a reused cluster's network is not this JVM's: no Testcontainers session label, so no reaper removes it
            assertThat(networksOf(first.getClusterId())).hasSize(1);
            assertThat(DockerClientFactory.instance().client().listNetworksCmd()
                    .withFilter("label", java.util.List.of(CitusClusterContainer.CLUSTER_LABEL + "=" + first.getClusterId()))
                    .exec().get(0).getLabels()).doesNotContainKey(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL);

            ClusterProcess.Started second;
            try (ClusterProcess child = ClusterProcess.launch(image, 2, true)) {
                second = child.awaitStarted(Duration.ofSeconds(120));
            }
            System.out.printf("second JVM: start() of the reused 1+2 cluster took %d ms (a second start() there: %d ms)%n",
                    second.startMillis(), second.againMillis());

            assertThat(second.clusterId()).isEqualTo(first.getClusterId());
            assertThat(second.containerId()).isEqualTo(first.getContainerId());
            assertThat(nodesOf(first.getClusterId())).as("no node was added").hasSize(3);
            try (Connection c = first.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM kept_across_jvms")).isEqualTo(3);
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
            }
        } finally {
            first.stop();
        }
        assertThat(containersOf(first.getClusterId())).isEmpty();
        assertThat(networksOf(first.getClusterId())).isEmpty();
    }
}
