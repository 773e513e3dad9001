package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.networksOf;
import static io.citustestkit.testsupport.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citustestkit.testsupport.Nodes;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * How the kit starts a node of a plain image: images built on the official one keep their init files, an image with an
 * entrypoint of its own starts its own way, and a server that cannot start fails the start with its log.
 */
class PlainImageStartIT {

    private static final String SERVER_READY = "database system is ready to accept connections";

    private String base;

    /** Images this class built; removed after it (Testcontainers does not remove them when Ryuk is off). */
    private final List<String> built = new ArrayList<>();

    @BeforeEach
    void requireImage() {
        base = TestImages.primary();
        TestImages.assumeAvailable(base);
    }

    @AfterEach
    void removeBuiltImages() {
        for (String name : built) {
            DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
        }
        built.clear();
    }

    @Test
    void anImageWithInitFilesOfItsOwnHasThemRunOnEveryNode() throws Exception {
        DockerImageName image = build("init-file", "COPY 900-from-image.sql /docker-entrypoint-initdb.d/");
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(1).withTunedImage(false)) {
            cluster.start();
            for (CitusNode node : Nodes.all(cluster)) {
                try (Connection c = node.createConnection()) {
                    assertThat(count(c, "SELECT count(*) FROM from_image_init")).as(node.getNetworkAlias()).isEqualTo(1);
                }
                assertThat(readyLines(node)).as(node.getNetworkAlias()).isEqualTo(1);
            }
        }
    }

    @Test
    void anImageWithAnotherEntrypointStartsItsOwnWay() throws Exception {
        // the same entrypoint under another name: the kit cannot know what it does, so it leaves the start to it
        DockerImageName image = build("own-entrypoint", "ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"]");
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(1).withTunedImage(false)) {
            cluster.start();
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            }
            // the official start: a temporary server, then the real one
            assertThat(readyLines(cluster.getCoordinator())).isEqualTo(2);
        }
    }

    @Test
    void aServerThatCannotStartFailsTheStartWithItsLogAndLeavesNothing() {
        CitusClusterContainer cluster = new CitusClusterContainer(base).withWorkers(1).withTunedImage(false)
                .withConfigParameter("shared_buffers", "not-a-size");

        CitusNodeStartupException e = catchThrowableOfType(CitusNodeStartupException.class, cluster::start);

        assertThat(e).isNotNull();
        assertThat(e.getNodeName()).isIn("coordinator", "worker-1");
        assertThat(e.getMessage()).contains("exited with code");
        assertThat(e.getLogTail()).contains("shared_buffers");
        assertThat(containersOf(cluster.getClusterId())).isEmpty();
        assertThat(networksOf(cluster.getClusterId())).isEmpty();
    }

    private DockerImageName build(String name, String instruction) throws Exception {
        String image = new ImageFromDockerfile("citustestkit/plain-start-it-" + name, false)
                .withFileFromString("900-from-image.sql", "CREATE TABLE from_image_init AS SELECT 1 AS id;\n")
                .withFileFromString("Dockerfile", "FROM " + base + "\n" + instruction + "\n")
                .get();
        built.add(image);
        return DockerImageName.parse(image).asCompatibleSubstituteFor("citusdata/citus");
    }

    private static long readyLines(CitusNode node) {
        return node.getLogs().lines().filter(l -> l.contains(SERVER_READY)).count();
    }
}
