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
 * <li>else (Docker Desktop, rootless Docker, Testcontainers Cloud, a tunnel: the JVM sees the engine's ports through
 * a forward on loopback that the containers cannot use) the start is refused before any node exists.
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
            String host = registeredHostFor(dockerHost, () -> gatewayOf(network), HostReachableAddressing::isLocal);
            return new HostReachableAddressing(names, host, clusterId, reusable);
        } catch (RuntimeException e) {
            if (ownsNetwork) {
                network.close();
            }
            throw e;
        }
    }

    /**
     * The address nodes are registered under (see the class comment), or {@link CitusSettingRefusedException} saying
     * why not.
     */
    static String registeredHostFor(String dockerHost, java.util.function.Supplier<String> gateway,
            Predicate<InetAddress> local) {
        InetAddress docker;
        try {
            docker = InetAddress.getByName(dockerHost);
        } catch (IOException e) {
            throw unsupported("the Docker host " + dockerHost + " does not resolve (" + e.getMessage() + ")");
        }
        if (!docker.isLoopbackAddress()) {
            return docker.getHostAddress();
        }
        String gw = gateway.get();
        InetAddress address = null;
        try {
            address = gw == null ? null : InetAddress.getByName(gw);
        } catch (IOException e) {
            // not an address: refused below
        }
        if (address != null && local.test(address)) {
            return address.getHostAddress();
        }
        throw unsupported("the test JVM reaches the containers at " + dockerHost + ", a loopback address, and the"
                + " cluster network's gateway " + gw + " is not an address of the JVM's machine: the engine runs"
                + " elsewhere and its ports are forwarded to loopback (Docker Desktop, rootless Docker, Testcontainers"
                + " Cloud, a tunnel), so no address reaches a node from the other nodes and from the JVM alike");
    }

    private static CitusSettingRefusedException unsupported(String why) {
        return new CitusSettingRefusedException("withHostReachableNodes(true) cannot work with this Docker engine"
                + engine() + ": " + why + ". Nothing was started. Use the default mode and map the registered"
                + " addresses with CitusClusterContainer.hostAddressOf(nodeName, nodePort) instead (docs/cluster.md,"
                + " \"Connecting to workers directly\").");
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
