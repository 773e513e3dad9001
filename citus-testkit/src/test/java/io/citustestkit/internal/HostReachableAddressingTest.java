package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.VersionComponent;
import io.citustestkit.CitusSettingRefusedException;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class HostReachableAddressingTest {

    private static final ContainerEngine DOCKER = ContainerEngine.of(
            List.of(new VersionComponent().withName("Engine")), "24.0.7", List.of("name=seccomp"), "unix");
    private static final ContainerEngine PODMAN = ContainerEngine.of(
            List.of(new VersionComponent().withName("Podman Engine")), "4.3.1", List.of("name=seccomp"), "unix");
    private static final ContainerEngine ROOTLESS_PODMAN = ContainerEngine.of(
            List.of(new VersionComponent().withName("Podman Engine")), "4.3.1", List.of("name=rootless"), "unix");
    private static final ContainerEngine REMOTE_PODMAN = ContainerEngine.of(
            List.of(new VersionComponent().withName("Podman Engine")), "4.3.1", List.of(), "tcp");

    private static String hostFor(String dockerHost, String gateway, Predicate<InetAddress> local,
            ContainerEngine engine) {
        return HostReachableAddressing.registeredHostFor(dockerHost, () -> gateway, local, () -> engine).host();
    }

    @Test
    void aRemoteEngineIsRegisteredUnderItsAddress() {
        assertThat(hostFor("10.203.7.2", "172.17.0.1", a -> false, DOCKER)).isEqualTo("10.203.7.2");
        assertThat(hostFor("10.203.7.2", "10.89.0.1", a -> false, REMOTE_PODMAN)).isEqualTo("10.203.7.2");
    }

    @Test
    void aLocalEngineIsRegisteredUnderTheNetworksGateway() {
        assertThat(hostFor("localhost", "192.168.64.1", a -> a.getHostAddress().equals("192.168.64.1"), DOCKER))
                .isEqualTo("192.168.64.1");
        assertThat(HostReachableAddressing.registeredHostFor("localhost", () -> "192.168.64.1", a -> true,
                () -> { throw new AssertionError("the engine is asked only when the gateway is no local address"); }))
                .isEqualTo(new HostReachableAddressing.Choice("192.168.64.1", false));
    }

    @Test
    void rootfulPodmanOnALocalSocketGetsTheGatewayConfirmedOnceAContainerAttached() {
        // Podman's bridge has no address before a container attaches to the network
        assertThat(HostReachableAddressing.registeredHostFor("localhost", () -> "10.89.0.1", a -> false,
                () -> PODMAN)).isEqualTo(new HostReachableAddressing.Choice("10.89.0.1", true));
        assertThat(PODMAN.describe()).isEqualTo("Podman 4.3.1 (rootful)");
        assertThat(DOCKER.podman()).isFalse();
    }

    @Test
    void aPodmanGatewayThatDoesNotBecomeLocalIsRefusedOnceTheCoordinatorAttached() {
        HostReachableAddressing.confirm("10.89.0.1", PODMAN, a -> true);
        assertThatThrownBy(() -> HostReachableAddressing.confirm("10.89.0.1", PODMAN, a -> false))
                .isInstanceOf(CitusSettingRefusedException.class)
                .hasMessageStartingWith("withHostReachableNodes(true) cannot work with this engine (Podman 4.3.1"
                        + " (rootful)): the cluster network's gateway 10.89.0.1 is still not an address of the JVM's"
                        + " machine with the coordinator attached to the network")
                .hasMessageContaining("a Podman machine, a forwarded socket")
                .hasMessageContaining("The cluster's containers are removed.")
                .hasMessageContaining("CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead");
    }

    @Test
    void rootlessPodmanIsRefusedNamingPodmanAndWhatToDoInstead() {
        assertThatThrownBy(() -> hostFor("localhost", "10.89.0.1", a -> false, ROOTLESS_PODMAN))
                .isInstanceOf(CitusSettingRefusedException.class)
                .hasMessageStartingWith("withHostReachableNodes(true) cannot work with this engine (Podman 4.3.1"
                        + " (rootless)): rootless Podman runs the containers in a network namespace of its own")
                .hasMessageContaining("Run Podman rootful (sudo podman system service,"
                        + " DOCKER_HOST=unix:///run/podman/podman.sock")
                .hasMessageContaining("or use the default mode and map the registered addresses with"
                        + " CitusClusterContainer.hostAddressOf(nodeName, nodePort)")
                .hasMessageEndingWith("Nothing was started.");
    }

    @Test
    void loopbackWithAGatewayElsewhereIsRefusedSayingWhatToUseInstead() {
        assertThatThrownBy(() -> hostFor("localhost", "192.168.65.1", a -> false, DOCKER))
                .isInstanceOf(CitusSettingRefusedException.class)
                .hasMessageStartingWith("withHostReachableNodes(true) cannot work with this Docker engine")
                .hasMessageContaining("at localhost, a loopback address, and the cluster network's gateway"
                        + " 192.168.65.1 is not an address of the JVM's machine")
                .hasMessageContaining("Docker Desktop, rootless Docker")
                .hasMessageContaining("Use the default mode and map the registered addresses with"
                        + " CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead");
        assertThatThrownBy(() -> hostFor("127.0.0.1", null, a -> true, DOCKER))
                .isInstanceOf(CitusSettingRefusedException.class).hasMessageContaining("gateway null");
        assertThatThrownBy(() -> hostFor("127.0.0.1", null, a -> false, PODMAN))
                .isInstanceOf(CitusSettingRefusedException.class).hasMessageContaining("gateway null");
    }

    @Test
    void anUnresolvableDockerHostIsRefused() {
        assertThatThrownBy(() -> hostFor("no-such-host.invalid", null, a -> true, DOCKER))
                .isInstanceOf(CitusSettingRefusedException.class)
                .hasMessageContaining("the Docker host no-such-host.invalid does not resolve");
    }

    @Test
    void freePortsAreHandedOutOnceBelowTheEphemeralRange() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ports.add(HostPorts.reserveFree());
        }
        assertThat(ports).hasSize(200).allMatch(p -> p >= HostPorts.FIRST && p <= HostPorts.LAST && p < 32768);
        ports.forEach(HostPorts::release);
    }

    @Test
    void aReusableClusterHasFixedPortsOfItsOwn() {
        int coordinator = HostPorts.reusablePort("reuse-9be5722bd0859f06", 0);
        assertThat(HostPorts.reusablePort("reuse-9be5722bd0859f06", 0)).isEqualTo(coordinator);
        assertThat(HostPorts.reusablePort("reuse-9be5722bd0859f06", 32)).isEqualTo(coordinator + 32)
                .isLessThanOrEqualTo(HostPorts.LAST);
        assertThat(coordinator).isBetween(HostPorts.FIRST, HostPorts.LAST);
    }

    @Test
    void aTakenHostPortIsRecognisedAndTriedAgainTwiceAtMost() {
        RuntimeException docker = new RuntimeException("Could not start container", new RuntimeException(
                "driver failed programming external connectivity on endpoint x: Bind for 0.0.0.0:24117 failed:"
                        + " port is already allocated"));
        assertThat(HostPorts.clashed(docker)).isTrue();
        assertThat(HostPorts.clashed(new RuntimeException("listen tcp4 0.0.0.0:24117: bind: address already in use")))
                .isTrue();
        assertThat(HostPorts.clashed(new RuntimeException("timed out"))).isFalse();
        assertThat(HostPorts.startAgain(1, true, docker)).isTrue();
        assertThat(HostPorts.startAgain(3, true, docker)).isFalse();
        assertThat(HostPorts.startAgain(1, false, docker)).isFalse();
    }
}
