package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;

import io.citustestkit.internal.ContainerEngine;
import io.citustestkit.testsupport.DockerResources;
import io.citustestkit.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * What the kit does differently on rootful Podman (its Docker-compatible socket, {@code DOCKER_HOST}): the calls
 * Podman cannot serve are refused at once naming Podman and what to do instead, and host-reachable nodes are
 * registered at the network's gateway once the coordinator attached (or refused there, where the machine's bridge
 * does not hairpin). Skipped, with the reason, on Docker. The rest of the kit runs on Podman as on Docker: the
 * Podman leg of .ci/run runs the same ITs there (docs/ci.md, "Podman").
 */
class PodmanIT {

    private static String image;

    @BeforeAll
    static void onPodmanOnly() {
        image = TestImages.primary();
        TestImages.assumeAvailable(image);
        ContainerEngine engine = ContainerEngine.current();
        Assumptions.assumeTrue(engine.podman(), "the engine is not Podman but " + engine.describe()
                + " (run with DOCKER_HOST=unix:///run/podman/podman.sock)");
    }

    @Test
    void aPausedNodeIsNeitherCutOffNorPutBackAndStaysAsItWas() throws SQLException {
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)) {
            cluster.start();
            try (Connection c = cluster.createConnection("")) {
                exec(c, "CREATE TABLE items (id bigint PRIMARY KEY, v text)",
                        "SELECT create_distributed_table('items', 'id', shard_count => 4)",
                        "INSERT INTO items SELECT i, 'v' || i FROM generate_series(1, 40) i");
            }
            CitusNode worker = cluster.getWorker(1);
            worker.pause();
            assertThatThrownBy(worker::disconnect).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("disconnect() on worker-2: the node is paused, and "
                            + ContainerEngine.current().describe() + " does not change a paused container's networks"
                            + " (it reports success and the node stays reachable); unpause() it first and disconnect()"
                            + " it running, or stop() it and disconnect() it stopped");
            assertThat(worker).hasToString("CitusNode{WORKER worker-2, paused}");
            worker.unpause();
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
            }

            // cut off while running, paused, put back: refused while paused, works once it runs
            worker.disconnect();
            worker.pause();
            assertThatThrownBy(worker::reconnect).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageStartingWith("reconnect() on worker-2: the node is paused, and Podman ")
                    .hasMessageEndingWith("unpause() it first and reconnect() it once it runs (or while it is"
                            + " stopped)");
            assertThat(worker.isDisconnected()).isTrue();
            worker.unpause();
            worker.reconnect();
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
            }
        }
    }

    @Test
    void hostReachableNodesAreRegisteredAtTheGatewayOrRefusedWhereTheBridgeDoesNotHairpin() throws Exception {
        Path nf = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
        boolean bridgedThroughIptables = Files.exists(nf) && Files.readString(nf).trim().equals("1");
        CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2).withHostReachableNodes(true);
        try (cluster) {
            if (bridgedThroughIptables) {
                // Podman 4.3's netavark leaves its bridge ports out of hairpin mode: a node cannot reach itself
                long t0 = System.nanoTime();
                assertThatThrownBy(cluster::start).isInstanceOf(CitusSettingRefusedException.class)
                        .hasMessageStartingWith("withHostReachableNodes(true) cannot work with this engine (Podman ")
                        .hasMessageContaining("net.bridge.bridge-nf-call-iptables=1")
                        .hasMessageContaining("has hairpin mode off on its container ports")
                        .hasMessageContaining("The cluster's containers are removed.")
                        .hasMessageContaining("CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead");
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until refused").isLessThan(30_000);
                assertThat(DockerResources.containersOf(cluster.getClusterId())).isEmpty();
                assertThat(DockerResources.networksOf(cluster.getClusterId())).isEmpty();
            } else {
                cluster.start();
                String gateway = DockerClientFactory.instance().client().inspectNetworkCmd()
                        .withNetworkId(cluster.getNetwork().getId()).exec().getIpam().getConfig().get(0).getGateway();
                assertThat(cluster.getWorkers()).allSatisfy(w -> assertThat(w.getRegisteredHost()).isEqualTo(gateway));
                try (Connection c = cluster.getWorker(0).createConnection()) {
                    assertThat(c.isValid(5)).isTrue();
                }
            }
        }
    }
}
