package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeHairpinTest {

    @TempDir
    Path root;

    private void machine(String bridgeNfCallIptables, String... portHairpinModes) throws IOException {
        Path nf = root.resolve("proc/sys/net/bridge/bridge-nf-call-iptables");
        Files.createDirectories(nf.getParent());
        Files.writeString(nf, bridgeNfCallIptables + "\n");
        for (int i = 0; i < portHairpinModes.length; i++) {
            Path port = root.resolve("sys/class/net/podman1/brif/veth" + i);
            Files.createDirectories(port);
            Files.writeString(port.resolve("hairpin_mode"), portHairpinModes[i] + "\n");
        }
    }

    @Test
    void portsWithoutHairpinOnABridgeFilteredByIptablesAreAProblemNamingThem() throws IOException {
        machine("1", "0", "1", "0");
        assertThat(BridgeHairpin.problem("podman1", root))
                .startsWith("this machine passes bridged traffic through iptables (net.bridge.bridge-nf-call-iptables=1")
                .contains("Podman's bridge podman1 has hairpin mode off on its container ports [veth0, veth2]");
    }

    @Test
    void nothingSpeaksAgainstItWithoutBridgeFilteringOrWithHairpinOn() throws IOException {
        machine("0", "0");
        assertThat(BridgeHairpin.problem("podman1", root)).isNull();
        machine("1", "1");
        assertThat(BridgeHairpin.problem("podman1", root)).isNull();
        assertThat(BridgeHairpin.problem("nosuchbridge", root)).isNull();
    }
}
