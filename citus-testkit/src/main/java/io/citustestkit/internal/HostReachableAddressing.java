package io.citustestkit.internal;

import com.github.dockerjava.api.model.Network.Ipam.Config;
import io.citustestkit.CitusSettingRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * {@code withHostReachableNodes(true)}: every node is registered as {@code <Docker host address>:<its host port>}, an
 * address the other nodes and the test JVM both reach. Each node's port 5432 is published on a fixed host port of its
 * own ({@link HostPorts}), kept when the node starts again in place. The nodes reach the address through Docker's
 * port publishing (a connection to an address of the Docker host on a published port goes to the container), the
 * JVM likewise. Which address ({@link #registeredHostFor}):
 * <ul>
 * <li>the Docker host as Testcontainers gives it ({@code getHost()}), when that is not a loopback address: a remote
 * engine ({@code DOCKER_HOST=tcp://...}), a JVM in a container next to the engine;
 * <li>else the cluster network's gateway, when it is an address of the JVM's machine: the engine runs here (Linux);
 * <li>else the gateway too when the engine is rootful Podman on a Unix socket of this machine: Podman gives its
 * bridge the gateway's address only once a container attaches to the network, so the address is confirmed
 * ({@link #confirmReachable()}) once the coordinator's container runs, before any node is registered; the start is
 * refused then (its containers removed) when it still is no address of this machine (a socket forwarded to a Podman
 * machine, a macvlan network);
 * <li>else (Docker Desktop, rootless Docker or Podman, Testcontainers Cloud, a tunnel: the JVM sees the engine's
 * ports through a forward on loopback that the containers cannot use) the start is refused before any node exists.
 * </ul>
 *
 * <pre>{@code
 * NodeAddressing a = HostReachableAddressing.prepare(NodeAddressing.networkAliases(), getHost(), network, id, false);
 * a.bind(worker, "worker-1");        // publishes 5432 on, say, 24117
 * a.registeredHost("worker-1");      // "192.168.64.1"; a.registeredPort("worker-1") = 24117
 * }</pre>
 */
public final class HostReachableAddressing implements NodeAddressing {

    private final NodeAddressing names;
    private final String host;
    private final String clusterId;
    private final boolean reusable;
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    /** The engine whose word the address was chosen on, until confirmed (rootful Podman); null: nothing to confirm. */
    private volatile ContainerEngine unconfirmed;

    HostReachableAddressing(NodeAddressing names, String host, String clusterId, boolean reusable) {
        this.names = names;
        this.host = host;
        this.clusterId = clusterId;
        this.reusable = reusable;
    }

    /**
     * The addressing of one start, or {@link CitusSettingRefusedException} when the engine cannot give the nodes such an
     * address (then the network is removed when the cluster made it: nothing of the cluster is left).
     */
    public static HostReachableAddressing prepare(NodeAddressing names, String dockerHost, Network network,
            boolean ownsNetwork, String clusterId, boolean reusable) {
        try {
            Choice choice = registeredHostFor(dockerHost, () -> gatewayOf(network), HostReachableAddressing::isLocal,
                    ContainerEngine::current);
            HostReachableAddressing a = new HostReachableAddressing(names, choice.host(), clusterId, reusable);
            a.unconfirmed = choice.confirmOnAttach() ? ContainerEngine.current() : null;
            return a;
        } catch (RuntimeException e) {
            if (ownsNetwork) {
                network.close();
            }
            throw e;
        }
    }

    /**
     * Where nodes are registered: {@code host}, and whether it must be confirmed as an address of this machine once a
     * container attached to the network ({@link #confirmReachable()}).
     */
    record Choice(String host, boolean confirmOnAttach) {}

    /**
     * The address nodes are registered under (see the class comment), or {@link CitusSettingRefusedException} saying
     * why not. The engine is asked only when the gateway is not an address of this machine yet.
     */
    static Choice registeredHostFor(String dockerHost, java.util.function.Supplier<String> gateway,
            Predicate<InetAddress> local, java.util.function.Supplier<ContainerEngine> engine) {
        InetAddress docker;
        try {
            docker = InetAddress.getByName(dockerHost);
        } catch (IOException e) {
            throw unsupported("the Docker host " + dockerHost + " does not resolve (" + e.getMessage() + ")");
        }
        if (!docker.isLoopbackAddress()) {
            return new Choice(docker.getHostAddress(), false);
        }
        String gw = gateway.get();
        InetAddress address = null;
        try {
            address = gw == null ? null : InetAddress.getByName(gw);
        } catch (IOException e) {
            // not an address: refused below
        }
        if (address != null && local.test(address)) {
            return new Choice(address.getHostAddress(), false);
        }
        ContainerEngine e = engine.get();
        if (address != null && e.addressesBridgeOnAttach()) {
            return new Choice(address.getHostAddress(), true);
        }
        if (e.podman() && e.rootless()) {
            throw unsupported(e, "rootless Podman runs the containers in a network namespace of its own and forwards"
                    + " their ports to the JVM's loopback, so no address reaches a node from the other nodes and from the"
                    + " JVM alike. Run Podman rootful (sudo podman system service, DOCKER_HOST=unix:///run/podman/"
                    + "podman.sock; docs/ci.md, \"Podman\"), or");
        }
        throw unsupported("the test JVM reaches the containers at " + dockerHost + ", a loopback address, and the"
                + " cluster network's gateway " + gw + " is not an address of the JVM's machine: the engine runs"
                + " elsewhere and its ports are forwarded to loopback (Docker Desktop, rootless Docker, Testcontainers"
                + " Cloud, a tunnel), so no address reaches a node from the other nodes and from the JVM alike");
    }

    /**
     * Once the coordinator's container runs (attached to the cluster network) and before any node is registered: an
     * address chosen on rootful Podman's word is refused now when it did not become an address of this machine. The
     * failed start removes the cluster's containers.
     */
    @Override
    public void confirmReachable() {
        ContainerEngine engine = unconfirmed;
        if (engine != null) {
            confirm(host, engine, HostReachableAddressing::isLocal);
            String hairpin = hairpinProblem(host);
            if (hairpin != null) {
                throw new CitusSettingRefusedException("withHostReachableNodes(true) cannot work with this engine ("
                        + engine.describe() + ") on this machine: " + hairpin + ". The cluster's containers are"
                        + " removed. Use the default mode and map the registered addresses with"
                        + " CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead (docs/cluster.md,"
                        + " \"Connecting to workers directly\"), or run these tests on Docker.");
            }
            unconfirmed = null;
        }
    }

    private static String hairpinProblem(String host) {
        try {
            return BridgeHairpin.problem(InetAddress.getByName(host), java.nio.file.Path.of("/"));
        } catch (IOException e) {
            return null;
        }
    }

    /** {@link #confirmReachable()}'s rule: the address must be one of this machine's now. */
    static void confirm(String host, ContainerEngine engine, Predicate<InetAddress> local) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            address = null;
        }
        if (address == null || !local.test(address)) {
            throw new CitusSettingRefusedException("withHostReachableNodes(true) cannot work with this engine ("
                    + engine.describe() + "): the cluster network's gateway " + host + " is still"
                    + " not an address of the JVM's machine with the coordinator attached to the network: Podman runs"
                    + " elsewhere (a Podman machine, a forwarded socket) or the network is no bridge of this machine"
                    + " (macvlan, ipvlan), so no address reaches a node from the other nodes and from the JVM alike. The"
                    + " cluster's containers are removed. Use the default mode and map the registered addresses with"
                    + " CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead (docs/cluster.md, \"Connecting to"
                    + " workers directly\").");
        }
    }

    private static CitusSettingRefusedException unsupported(String why) {
        return new CitusSettingRefusedException("withHostReachableNodes(true) cannot work with this Docker engine"
                + engine() + ": " + why + ". Nothing was started. Use the default mode and map the registered"
                + " addresses with CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead (docs/cluster.md,"
                + " \"Connecting to workers directly\").");
    }

    private static CitusSettingRefusedException unsupported(ContainerEngine e, String why) {
        return new CitusSettingRefusedException("withHostReachableNodes(true) cannot work with this engine ("
                + e.describe() + "): " + why + " use the default mode and map the registered addresses with"
                + " CitusClusterContainer.hostAddressOf(nodeName, nodePort) (docs/cluster.md, \"Connecting to workers"
                + " directly\"). Nothing was started.");
    }

    private static String engine() {
        try {
            return " (" + DockerClientFactory.instance().getInfo().getOperatingSystem() + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String gatewayOf(Network network) {
        List<Config> configs = DockerClientFactory.instance().client().inspectNetworkCmd()
                .withNetworkId(network.getId()).exec().getIpam().getConfig();
        return configs == null ? null : configs.stream().map(Config::getGateway)
                .filter(g -> g != null && g.indexOf(':') < 0).findFirst().orElse(null);
    }

    private static boolean isLocal(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String networkAliasOfCoordinator() {
        return names.networkAliasOfCoordinator();
    }

    @Override
    public String networkAliasOfWorker(int ordinal) {
        return names.networkAliasOfWorker(ordinal);
    }

    @Override
    public String registeredHost(String networkAlias) {
        return host;
    }

    @Override
    public int registeredPort(String networkAlias) {
        Integer port = ports.get(networkAlias);
        if (port == null) {
            throw new IllegalStateException("node " + networkAlias + " has no host port yet (bind(...) gives it one)");
        }
        return port;
    }

    /** Publishes the node's port 5432 on its own fixed host port: reused nodes a port of the cluster's id. */
    @Override
    public void bind(GenericContainer<?> node, String networkAlias) {
        int port = ports.computeIfAbsent(networkAlias, a -> reusable && node.isShouldBeReused()
                ? HostPorts.reusablePort(clusterId, ordinal(a)) : HostPorts.reserveFree());
        node.setPortBindings(List.of(port + ":" + POSTGRES_PORT));
    }

    @Override
    public void releaseAll() {
        ports.values().forEach(HostPorts::release);
    }

    @Override
    public boolean hostReachable() {
        return true;
    }

    @Override
    public InetSocketAddress jvmAddress(String networkAlias, GenericContainer<?> node) {
        return InetSocketAddress.createUnresolved(host, registeredPort(networkAlias));
    }

    private int ordinal(String alias) {
        return alias.equals(names.networkAliasOfCoordinator()) ? 0
                : Integer.parseInt(alias.substring(alias.lastIndexOf('-') + 1));
    }
}
