package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.ContainerEngine;
import io.citustestkit.testsupport.TestImages;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * Where the nodes have no address the test JVM shares, {@code withHostReachableNodes(true)} is refused before any
 * node exists. Made real here with a network whose gateway is no address of this machine (the bridge gets no IPv4
 * address), as with Docker Desktop or rootless Docker, where the JVM reaches the containers through loopback only.
 */
class HostReachableRefusalIT {

    @Test
    void aNetworkWithoutALocalGatewayIsRefusedBeforeAnythingStarts() {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        Assumptions.assumeFalse(ContainerEngine.current().podman(), "Podman gives every bridge an IPv4 address (it"
                + " ignores inhibit_ipv4); PodmanIT checks its refusals");
        try (Network network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withOptions(
                Map.of("com.docker.network.bridge.inhibit_ipv4", "true"))).build();
                CitusClusterContainer cluster = new CitusClusterContainer(image).withNetwork(network)
                        .withHostReachableNodes(true)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(cluster::start).isInstanceOf(CitusSettingRefusedException.class)
                    .hasMessageStartingWith("withHostReachableNodes(true) cannot work with this Docker engine")
                    .hasMessageContaining("is not an address of the JVM's machine")
                    .hasMessageContaining("Nothing was started")
                    .hasMessageContaining("hostAddressOf(nodeName, nodePort)");
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until refused").isLessThan(10_000);
            assertThat(DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId())
                    .exec().getContainers()).as("containers on the cluster's network").isEmpty();
            assertThatThrownBy(cluster::getWorkers).isInstanceOf(IllegalStateException.class);
        }
    }
}
