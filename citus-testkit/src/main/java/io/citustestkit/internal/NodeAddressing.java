package io.citustestkit.internal;

/**
 * How a node is named on the cluster network and under which address it is registered in
 * {@code pg_dist_node}. The one place that decides it: a later mode can register nodes under
 * addresses the test JVM reaches too (host networking with fixed ports, or an address map).
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
