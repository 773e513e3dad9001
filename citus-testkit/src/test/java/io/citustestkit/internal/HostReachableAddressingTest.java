package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusSettingRefusedException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostReachableAddressingTest {

    @Test
    void aRemoteEngineIsRegisteredUnderItsAddress() {
        assertThat(HostReachableAddressing.registeredHostFor("10.203.7.2", () -> "172.17.0.1", a -> false))
                .isEqualTo("10.203.7.2");
    }

    @Test
    void aLocalEngineIsRegisteredUnderTheNetworksGateway() {
        assertThat(HostReachableAddressing.registeredHostFor("localhost", () -> "192.168.64.1",
                a -> a.getHostAddress().equals("192.168.64.1"))).isEqualTo("192.168.64.1");
    }

    @Test
    void loopbackWithAGatewayElsewhereIsRefusedSayingWhatToUseInstead() {
        assertThatThrownBy(() -> HostReachableAddressing.registeredHostFor("localhost", () -> "192.168.65.1",
                a -> false)).isInstanceOf(CitusSettingRefusedException.class)
                .hasMessageStartingWith("withHostReachableNodes(true) cannot work with this Docker engine")
                .hasMessageContaining("at localhost, a loopback address, and the cluster network's gateway"
                        + " 192.168.65.1 is not an address of the JVM's machine")
                .hasMessageContaining("Docker Desktop, rootless Docker")
                .hasMessageContaining("Use the default mode and map the registered addresses with"
                        + " CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead");
        assertThatThrownBy(() -> HostReachableAddressing.registeredHostFor("127.0.0.1", () -> null, a -> true))
                .isInstanceOf(CitusSettingRefusedException.class).hasMessageContaining("gateway null");
    }

    @Test
    void anUnresolvableDockerHostIsRefused() {
        assertThatThrownBy(() -> HostReachableAddressing.registeredHostFor("no-such-host.invalid", () -> null,
                a -> true)).isInstanceOf(CitusSettingRefusedException.class)
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
