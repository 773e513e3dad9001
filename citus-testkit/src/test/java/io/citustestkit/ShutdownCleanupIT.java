package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.networksOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.ClusterProcess;
import io.citustestkit.testsupport.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A test JVM ended by SIGTERM (as Ctrl-C or a cancelled CI job ends it) leaves no container or network behind. */
class ShutdownCleanupIT {

    @Test
    void aJvmEndedBySigtermRemovesItsClusterEvenWithoutRyuk() throws Exception {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        try (ClusterProcess child = ClusterProcess.launch(image, 2, false)) {
            ClusterProcess.Started started = child.awaitStarted(Duration.ofSeconds(120));
            assertThat(containersOf(started.clusterId())).as("the child's cluster runs").hasSize(3);
            assertThat(networksOf(started.clusterId())).hasSize(1);

            child.terminate(Duration.ofSeconds(60));

            assertThat(containersOf(started.clusterId())).as("containers after SIGTERM; child said:%n%s",
                    child.output()).isEmpty();
            assertThat(networksOf(started.clusterId())).as("networks after SIGTERM").isEmpty();
        }
    }
}
