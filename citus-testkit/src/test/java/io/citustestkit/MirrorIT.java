package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.citustestkit.ha.PatroniCitusCluster;
import io.citustestkit.internal.Images;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * Behind a company registry mirror: Testcontainers' documented prefix ({@code TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX})
 * renames {@code citusdata/citus:...} to the mirror's copy, and the kit's own built images keep their names. The
 * base image exists here <em>only</em> under the prefixed name, so a kit that pulled or ran the raw name would fail.
 * Runs in failsafe's {@code mirror} execution, whose JVM has the prefix set (citus-testkit/pom.xml).
 */
class MirrorIT {

    static final String PREFIX_VARIABLE = "TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX";
    static final String REQUESTED = "citusdata/citus:ctk-mirror-test";

    static String mirrored;

    @BeforeAll
    static void onlyTheMirrorHasTheImage() {
        String prefix = System.getenv(PREFIX_VARIABLE);
        Assumptions.assumeTrue(prefix != null && !prefix.isBlank(), PREFIX_VARIABLE + " is not set for this JVM"
                + " (failsafe's mirror execution sets it)");
        String source = TestImages.primary();
        DockerClient client = DockerClientFactory.instance().client();
        Assumptions.assumeTrue(Images.isPresentLocally(client, DockerImageName.parse(source)),
                "image " + source + " is not present locally");
        mirrored = prefix + REQUESTED;
        DockerImageName target = DockerImageName.parse(mirrored);
        client.tagImageCmd(source, target.getUnversionedPart(), target.getVersionPart()).exec();
        assertThat(Images.isPresentLocally(client, DockerImageName.parse(REQUESTED)))
                .as("the unprefixed name must not exist locally").isFalse();
    }

    @AfterAll
    static void untag() {
        if (mirrored != null) {
            DockerClientFactory.instance().client().removeImageCmd(mirrored).exec(); // the tag only: the image stays
        }
    }

    @Test
    void aTunedClusterStartsFromTheMirrorsImageAndRunsTheLocallyBuiltOne() throws Exception {
        try (CitusClusterContainer cluster = new CitusClusterContainer(REQUESTED).withWorkers(1)) {
            cluster.start();
            assertThat(cluster.getDockerImageName()).startsWith("localhost/citustestkit/citus-tuned:");
            assertThat(cluster.getCurrentContainerInfo().getConfig().getImage()).isEqualTo(cluster.getDockerImageName());
            assertThat(cluster.getWorker(0).getContainer().getCurrentContainerInfo().getConfig().getImage())
                    .isEqualTo(cluster.getDockerImageName());
            assertOneActiveWorker(cluster);
        }
    }

    @Test
    void aPlainClusterRunsTheMirrorsImage() throws Exception {
        try (CitusClusterContainer cluster = new CitusClusterContainer(REQUESTED).withWorkers(1).withTunedImage(false)) {
            cluster.start();
            assertThat(cluster.getDockerImageName()).isEqualTo(mirrored);
            assertThat(cluster.getWorker(0).getContainer().getCurrentContainerInfo().getConfig().getImage())
                    .isEqualTo(mirrored);
            assertOneActiveWorker(cluster);
        }
    }

    @Test
    void aPatroniClusterBuildsItsImageOnTheMirrorsImage() throws Exception {
        try (PatroniCitusCluster cluster = new PatroniCitusCluster(REQUESTED).withWorkerGroups(1).withReplicas(0)) {
            cluster.start();
            try (Connection c = cluster.createConnection()) {
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            }
        }
    }

    private static void assertOneActiveWorker(CitusClusterContainer cluster) throws Exception {
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
        }
    }
}
