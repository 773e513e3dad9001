package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.nodesOf;
import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.TestcontainersConfiguration;

/** withReuse(true): a later start with equal settings gets the same running cluster, workers included. */
class ReuseIT {

    @Test
    void equalSettingsReuseTheWholeClusterAndItsData() throws Exception {
        Assumptions.assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "container reuse is not enabled (testcontainers.reuse.enable=true / TESTCONTAINERS_REUSE_ENABLE=true)");
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        CitusClusterContainer first = new CitusClusterContainer(image).withWorkers(1).withReuse(true)
                .withConfigParameter("application_name", "reuse-it-" + ProcessHandle.current().pid());
        CitusClusterContainer second = new CitusClusterContainer(image).withWorkers(1).withReuse(true)
                .withConfigParameter("application_name", "reuse-it-" + ProcessHandle.current().pid());
        try {
            first.start();
            try (Connection c = first.createConnection("")) {
                exec(c, "CREATE TABLE kept (id int PRIMARY KEY)", "SELECT create_distributed_table('kept', 'id')",
                        "INSERT INTO kept VALUES (1), (2)");
            }

            second.start();

            assertThat(second.getClusterId()).isEqualTo(first.getClusterId());
            assertThat(second.getContainerId()).isEqualTo(first.getContainerId());
            assertThat(second.getWorker(0).getContainer().getContainerId())
                    .isEqualTo(first.getWorker(0).getContainer().getContainerId());
            assertThat(nodesOf(first.getClusterId())).hasSize(2);
            try (Connection c = second.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM kept")).isEqualTo(2);
                assertThat(count(c, "SELECT count(*) FROM pg_dist_node")).isEqualTo(2);
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            }
        } finally {
            first.stop();
        }
        assertThat(containersOf(first.getClusterId()).stream().collect(Collectors.toList())).isEmpty();
    }
}
