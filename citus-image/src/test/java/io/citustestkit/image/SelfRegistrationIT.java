package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/**
 * Workers with CITUS_COORDINATOR_HOST register themselves (what compose's {@code --scale worker=N} relies on),
 * once, also after a restart; the healthcheck is right on a container with several networks.
 */
class SelfRegistrationIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private String network;

    @BeforeEach
    void network() {
        ImageNode.tunedImage();
        network = ImageNode.createNetwork();
    }

    @AfterEach
    void removeNetwork() {
        ImageNode.removeNetwork(network);
    }

    @Test
    void workersRegisterThemselvesOnceAndStayRegisteredAfterARestart() throws Exception {
        DockerImageName image = ImageNode.tunedImage();
        // workers first: they retry with backoff until the coordinator is up
        try (ImageNode w1 = worker(image, "worker-a");
                ImageNode w2 = worker(image, "worker-b");
                ImageNode coordinator = ImageNode.builder(image).network(network, "coordinator")
                        .env("CITUS_ROLE", "coordinator").env("CITUS_EXPECTED_WORKERS", "2").start()) {
            coordinator.awaitHealthy(TIMEOUT);
            w1.awaitHealthy(TIMEOUT);
            w2.awaitHealthy(TIMEOUT);

            List<String> workers = coordinator.query(
                    "SELECT nodename FROM pg_dist_node WHERE groupid <> 0 AND isactive ORDER BY nodename");
            assertThat(workers).hasSize(2).doesNotHaveDuplicates();
            healthyWithEventsOnBothWorkers(coordinator);

            w1.stop();
            w1.startAgain();
            w1.awaitHealthy(TIMEOUT);

            assertThat(coordinator.query(
                    "SELECT nodename FROM pg_dist_node WHERE groupid <> 0 AND isactive ORDER BY nodename"))
                    .containsExactlyElementsOf(workers);
            assertThat(w1.logs()).contains("registered on coordinator coordinator:5432");
            assertThat(coordinator.queryOne("SELECT count(*) FROM events")).isEqualTo("100");
        }
    }

    @Test
    void workersWithOwnCredentialsRegisterAndServeDistributedQueries() throws Exception {
        DockerImageName image = ImageNode.tunedImage();
        // each node's copy of the baked directory gets these credentials at its first start (no initdb); Citus'
        // node-to-node connections (registration, the health check, distributed queries) authenticate with them
        try (ImageNode w1 = ownCredentials(workerSettings(image, "worker-a"));
                ImageNode w2 = ownCredentials(workerSettings(image, "worker-b"));
                ImageNode coordinator = ImageNode.builder(image).network(network, "coordinator")
                        .env("CITUS_ROLE", "coordinator").env("CITUS_EXPECTED_WORKERS", "2")
                        .env("POSTGRES_USER", "ads_app").env("POSTGRES_PASSWORD", "s3cret 'x'").env("POSTGRES_DB", "ads")
                        .start()) {
            coordinator.awaitHealthy(TIMEOUT);
            w1.awaitHealthy(TIMEOUT);
            w2.awaitHealthy(TIMEOUT);

            healthyWithEventsOnBothWorkers(coordinator);
            assertThat(coordinator.query("SELECT DISTINCT result FROM run_command_on_workers('SELECT current_user')"))
                    .containsExactly("ads_app");
            for (ImageNode node : List.of(coordinator, w1, w2)) {
                assertThat(node.logs()).contains("fast start").doesNotContain("initdb").doesNotContain("s3cret");
            }
        }
    }

    private static ImageNode ownCredentials(ImageNode.Builder node) {
        return node.env("POSTGRES_USER", "ads_app").env("POSTGRES_PASSWORD", "s3cret 'x'").env("POSTGRES_DB", "ads")
                .start();
    }

    @Test
    void healthyOnAContainerWithSeveralNetworks() throws Exception {
        String second = ImageNode.createNetwork();
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).network(network, "db").alsoOn(second)
                .env("CITUS_ROLE", "coordinator").start()) {
            node.awaitHealthy(TIMEOUT);

            assertThat(node.inspect().getNetworkSettings().getNetworks()).hasSize(2);
            assertThat(node.queryOne("SELECT citus_version()")).startsWith("Citus");
        } finally {
            ImageNode.removeNetwork(second);
        }
    }

    private ImageNode worker(DockerImageName image, String alias) {
        return workerSettings(image, alias).start();
    }

    private ImageNode.Builder workerSettings(DockerImageName image, String alias) {
        return ImageNode.builder(image).network(network, alias).env("CITUS_ROLE", "worker")
                .env("CITUS_COORDINATOR_HOST", "coordinator");
    }

    /**
     * Every node reaches every other one, and a distributed table written through the coordinator has its 100 rows
     * and shards on both workers.
     */
    private static void healthyWithEventsOnBothWorkers(ImageNode coordinator) throws Exception {
        assertThat(coordinator.query("SELECT DISTINCT result::text FROM citus_check_cluster_node_health()"))
                .as("every node reaches every other node").containsExactly("true");
        try (Connection c = coordinator.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id bigint PRIMARY KEY)");
            s.execute("SELECT create_distributed_table('events', 'id')");
            s.execute("INSERT INTO events SELECT generate_series(1, 100)");
        }
        assertThat(coordinator.queryOne("SELECT count(*) FROM events")).isEqualTo("100");
        assertThat(coordinator.queryOne("SELECT count(DISTINCT nodename) FROM citus_shards")).isEqualTo("2");
    }
}
