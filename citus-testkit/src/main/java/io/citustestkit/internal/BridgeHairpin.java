package io.citustestkit.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a container on a local bridge can reach its own published port through the bridge's address, which a
 * host-reachable node needs (Citus connects a node to itself at its registered address, its health check too). On
 * Docker its port proxy makes it work. On rootful Podman it takes hairpin NAT, and where the machine passes bridged
 * traffic through iptables ({@code net.bridge.bridge-nf-call-iptables=1}, which Docker sets when it runs on the same
 * machine) the packet is bridged back to the port it came from, which the bridge does only for ports in hairpin mode;
 * Podman 4.3's netavark leaves its ports out of it. Read from {@code /proc} and {@code /sys} of this machine (the
 * engine's, as {@link HostReachableAddressing} confirmed); null when nothing speaks against it.
 *
 * <pre>{@code
 * String problem = BridgeHairpin.problem(InetAddress.getByName("10.89.0.1"), Path.of("/"));
 * }</pre>
 */
final class BridgeHairpin {

    private BridgeHairpin() {}

    /** Why a container on the bridge that has {@code gateway} cannot reach itself through it, or null. */
    static String problem(InetAddress gateway, Path root) {
        String bridge;
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(gateway);
            bridge = nic == null ? null : nic.getName();
        } catch (IOException e) {
            bridge = null;
        }
        return bridge == null ? null : problem(bridge, root);
    }

    /** As above for a bridge by name, reading {@code root}'s proc and sys trees (for tests of the rule). */
    static String problem(String bridge, Path root) {
        String nf = read(root.resolve("proc/sys/net/bridge/bridge-nf-call-iptables"));
        if (!"1".equals(nf)) {
            return null;
        }
        Path ports = root.resolve("sys/class/net").resolve(bridge).resolve("brif");
        if (!Files.isDirectory(ports)) {
            return null;
        }
        List<String> off;
        try (Stream<Path> list = Files.list(ports)) {
            off = list.filter(p -> "0".equals(read(p.resolve("hairpin_mode")))).map(p -> p.getFileName().toString())
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            return null;
        }
        return off.isEmpty() ? null : "this machine passes bridged traffic through iptables"
                + " (net.bridge.bridge-nf-call-iptables=1, as Docker sets it) and Podman's bridge " + bridge
                + " has hairpin mode off on its container ports " + off + ", so a node cannot reach its own published"
                + " port through the gateway, as Citus does at the node's registered address";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
