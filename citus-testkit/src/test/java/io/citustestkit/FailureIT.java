package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.networksOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citustestkit.testsupport.TestImages;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;

/** Bad input and failures: clear errors, fast, and nothing left behind. */
class FailureIT {

    /**
     * "At once", generously: far below the cluster's default startup timeout of 120 s, which a failure that is not
     * noticed would wait out, and far above what these failures take (a second or two).
     */
    static final Duration AT_ONCE = Duration.ofSeconds(20);

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Test
    void anImageThatCannotBeHadFailsAtOnceNamingTheImageAndCreatesNothing() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "Docker is not available");
        String missing = "citusdata/citus:0.0.0-citustestkit-missing";
        CitusClusterContainer cluster = new CitusClusterContainer(missing);
        long started = System.nanoTime();
        Throwable failure = catchThrowable(cluster::start);
        Duration took = since(started);

        assertThat(failure)
                .isInstanceOf(ContainerLaunchException.class)
                .hasMessageStartingWith("Image " + missing + " is not available: it is not present locally and pulling it failed")
                .hasMessageContaining("new CitusClusterContainer(\"citusdata/citus:<tag>\")");
        assertThat(took).as("time until the missing image was reported").isLessThan(AT_ONCE);
        // it failed before any container or network was made
        assertThat(cluster.getClusterId()).isNull();
        assertThat(cluster.getContainerId()).isNull();
    }

    @Test
    void aNodeThatDoesNotComeUpIsNamedWithItsImageAndLastLogLinesAndNothingIsLeft() {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        CitusClusterContainer cluster = new CitusClusterContainer(image)
                .withWorkers(1)
                .withConfigParameter("shared_buffers", "not-a-size");
        long started = System.nanoTime();
        CitusNodeStartupException e = catchThrowableOfType(CitusNodeStartupException.class, cluster::start);
        Duration took = since(started);

        assertThat(e).as("the failure of start()").isNotNull();
        assertThat(took).as("time until the node that exited was reported (startup timeout: 120 s)")
                .isLessThan(AT_ONCE);
        assertThat(e.getNodeName()).isIn("coordinator", "worker-1");
        assertThat(e.getImage()).contains(image.substring(image.indexOf(':') + 1));
        assertThat(e.getMessage()).contains("Citus node " + e.getNodeName() + " (image ")
                .contains("Last log lines of " + e.getNodeName());
        assertThat(e.getLogTail()).contains("shared_buffers");
        assertThat(e.getLogTail().lines().count()).isLessThanOrEqualTo(50);

        assertThat(cluster.getClusterId()).as("the cluster id that labels its resources").isNotNull();
        assertThat(containersOf(cluster.getClusterId())).isEmpty();
        assertThat(networksOf(cluster.getClusterId())).isEmpty();
    }

    @Test
    void stopRemovesEveryContainerAndTheNetwork() {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        String id;
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)) {
            cluster.start();
            id = cluster.getClusterId();
            assertThat(containersOf(id)).hasSize(3);
            assertThat(networksOf(id)).hasSize(1);
            cluster.getWorker(1).stop(); // a stopped node is removed too
        }
        assertThat(containersOf(id)).isEmpty();
        assertThat(networksOf(id)).isEmpty();
    }
}
