package io.citustestkit.internal;

import java.net.InetSocketAddress;
import org.testcontainers.containers.GenericContainer;

/**
 * How a node is named on the cluster network, under which address it is registered in {@code pg_dist_node}, which
 * host port it gets and where the test JVM reaches it. The one place that decides it: the default registers network
 * aliases on port 5432 ({@link #networkAliases()}); {@link HostReachableAddressing} registers an address of the
 * Docker host with a fixed published port per node, which the nodes and the test JVM both reach.
 *
 * <pre>{@code
 * NodeAddressing a = NodeAddressing.networkAliases();
 * a.bind(worker, "worker-1");                  // before the container is created
 * a.registeredHost("worker-1");                // "worker-1"
 * a.jvmAddress("worker-1", worker);            // localhost:<mapped port>
 * }</pre>
 */
public interface NodeAddressing {

    /** Port PostgreSQL listens on inside every node container. */
    int POSTGRES_PORT = 5432;

    /** Network alias of the coordinator. */
    String networkAliasOfCoordinator();

    /** Network alias of a worker by its 1-based ordinal (worker-1, worker-2, ...). */
    String networkAliasOfWorker(int ordinal);

    /** Host under which a node with this network alias is registered in {@code pg_dist_node}. */
    String registeredHost(String networkAlias);

    /** Port under which a node with this network alias is registered in {@code pg_dist_node}. */
    int registeredPort(String networkAlias);

    /** Gives a node its host port before its container is created; the default leaves it to Docker (a free one). */
    default void bind(GenericContainer<?> node, String networkAlias) {}

    /**
     * Called once the coordinator's container runs (attached to the cluster network), before any node is registered:
     * an address that could be checked only with a container on the network is checked now
     * ({@link HostReachableAddressing}); a refusal fails the start.
     */
    default void confirmReachable() {}

    /** The run is over: every host port it held (removed nodes' too) may be given to others. */
    default void releaseAll() {}

    /** Whether the registered addresses are ones the test JVM can connect to as they are. */
    default boolean hostReachable() {
        return false;
    }

    /**
     * Where the test JVM connects to a running node (unresolved): by default the Docker host and the node's mapped
     * port, which may change when the node is started again.
     */
    default InetSocketAddress jvmAddress(String networkAlias, GenericContainer<?> node) {
        return InetSocketAddress.createUnresolved(node.getHost(), node.getMappedPort(POSTGRES_PORT));
    }

    /** The default: nodes reach each other by network alias on the cluster network, port 5432. */
    static NodeAddressing networkAliases() {
        return NetworkAliasAddressing.INSTANCE;
    }

    /** Default addressing: network aliases {@code coordinator}, {@code worker-1}, ... on port 5432. */
    final class NetworkAliasAddressing implements NodeAddressing {
        static final NetworkAliasAddressing INSTANCE = new NetworkAliasAddressing();

        private NetworkAliasAddressing() {}

        @Override
        public String networkAliasOfCoordinator() {
            return "coordinator";
        }

        @Override
        public String networkAliasOfWorker(int ordinal) {
            if (ordinal < 1) {
                throw new IllegalArgumentException("worker ordinal was " + ordinal + "; allowed: 1 or more");
            }
            return "worker-" + ordinal;
        }

        @Override
        public String registeredHost(String networkAlias) {
            return networkAlias;
        }

        @Override
        public int registeredPort(String networkAlias) {
            return POSTGRES_PORT;
        }
    }
}
