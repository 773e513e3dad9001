package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.testcontainers.containers.ContainerLaunchException;

/**
 * Who is in a cluster, as Citus sees it: registering the coordinator and the workers in {@code pg_dist_node},
 * draining and removing a worker, the rebalancer, and the health wait (every worker active, every running node reaches
 * every other one). Addresses come from {@link NodeAddressing}; every statement is in {@link ClusterSql}. All of it
 * runs on a coordinator session the caller holds: Citus keeps the node-to-node connections that
 * {@code citus_add_node} opened for the rest of the session, and the health check reuses them.
 *
 * <pre>{@code
 * ClusterMembership members = new ClusterMembership(NodeAddressing.networkAliases(), clusterId, timeout);
 * members.registerCoordinator(c, false);
 * members.registerWorker(c, "worker-1");
 * members.awaitHealthy(c, 1, Set.of("coordinator", "worker-1"));
 * }</pre>
 */
public final class ClusterMembership {

    private static final Duration HEALTH_POLL = Duration.ofMillis(50);

    private final NodeAddressing addressing;
    private final String clusterId;
    private final Duration timeout;

    public ClusterMembership(NodeAddressing addressing, String clusterId, Duration timeout) {
        this.addressing = addressing;
        this.clusterId = clusterId;
        this.timeout = timeout;
    }

    /**
     * Registers the coordinator (group 0); without workers it must hold the shards itself. The tuned image records a
     * coordinator's host itself when it starts (under {@link ClusterSql#LOCK_NODE_METADATA}, only when group 0 is
     * empty); the kit takes the same lock first, so whichever writer comes second sees the first one's row and the
     * kit's address is what stays. Without the lock Citus 12.1, which looks for group 0 before it locks, could insert a
     * second primary for group 0 ("group 0 already has a primary node").
     */
    public void registerCoordinator(Connection c, boolean holdsShards) {
        String alias = addressing.networkAliasOfCoordinator();
        String host = addressing.registeredHost(alias);
        int port = addressing.registeredPort(alias);
        try {
            inTransaction(c, () -> {
                Jdbc.execute(c, ClusterSql.LOCK_NODE_METADATA);
                Jdbc.execute(c, ClusterSql.SET_COORDINATOR_HOST, host, port);
            });
            if (holdsShards) {
                Jdbc.execute(c, ClusterSql.COORDINATOR_HOLDS_SHARDS, host, port);
            }
        } catch (SQLException e) {
            throw new ContainerLaunchException("could not register the coordinator of Citus cluster " + clusterId
                    + ": " + e.getMessage(), e);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs statements in one transaction on a session that is otherwise in auto-commit, as the kit's sessions are. */
    private static void inTransaction(Connection c, SqlWork work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Registers a worker; idempotent. */
    public void registerWorker(Connection c, String alias) {
        try {
            Jdbc.execute(c, ClusterSql.ADD_NODE, addressing.registeredHost(alias), addressing.registeredPort(alias));
        } catch (SQLException e) {
            throw new ContainerLaunchException("could not register " + alias + " on the coordinator of Citus cluster "
                    + clusterId + ": " + e.getMessage(), e);
        }
    }

    /** Moves every shard off a worker ({@code citus_drain_node}) and removes it from the metadata. */
    public void drainAndRemove(Connection c, String alias) throws SQLException {
        String host = addressing.registeredHost(alias);
        int port = addressing.registeredPort(alias);
        againWhenRaced(c, ClusterSql.DRAIN_NODE, host, port);
        againWhenRaced(c, ClusterSql.REMOVE_NODE, host, port);
    }

    /**
     * Runs a statement (auto-commit), again when it lost a race for a catalogue row with Citus' own background work
     * (its maintenance daemon cleans up after shard moves and syncs metadata to a new node meanwhile: "tuple
     * concurrently deleted" or "updated"); seen right after {@code addWorker()}. A few attempts, 50 ms apart.
     */
    private static void againWhenRaced(Connection c, String sql, Object... args) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                Jdbc.execute(c, sql, args);
                return;
            } catch (SQLException e) {
                String m = e.getMessage();
                if (attempt == 5 || m == null || !m.contains("tuple concurrently")) {
                    throw e;
                }
                Waits.pause(Duration.ofMillis(50));
            }
        }
    }

    /** Starts Citus' background rebalancer and waits until it is done. */
    public void rebalance(Connection c) throws SQLException {
        Jdbc.execute(c, ClusterSql.REBALANCE_START);
        Jdbc.execute(c, ClusterSql.REBALANCE_WAIT);
    }

    /**
     * Waits until the coordinator sees {@code workers} workers active and every pair of the running nodes (network
     * aliases) reaches each other at their registered addresses ({@code citus_check_cluster_node_health()}).
     */
    public void awaitHealthy(Connection c, int workers, Collection<String> runningAliases) {
        Set<String> running = new HashSet<>();
        runningAliases.forEach(a -> running.add(addressing.registeredHost(a) + ":" + addressing.registeredPort(a)));
        Waits.until(timeout, HEALTH_POLL, () -> healthProblem(c, workers, running),
                last -> new ContainerLaunchException("Citus cluster " + clusterId + " did not become healthy within "
                        + timeout.toSeconds() + " s: " + last));
    }

    /**
     * What a reused cluster needs: the registered workers are exactly these and active, and the coordinator reaches
     * each of them (a command on every worker; every pair of nodes was checked when the cluster was made). Null when
     * so, else what is wrong.
     */
    public String reusedProblem(Connection c, List<String> workerAliases) {
        try {
            Set<String> expected = new TreeSet<>();
            workerAliases.forEach(a -> expected.add(addressing.registeredHost(a) + ":" + addressing.registeredPort(a)));
            Set<String> registered = new TreeSet<>();
            List<String> inactive = new ArrayList<>();
            for (List<Object> row : Jdbc.query(c, ClusterSql.REGISTERED_WORKERS)) {
                String node = row.get(0) + ":" + row.get(1);
                registered.add(node);
                if (!Boolean.TRUE.equals(row.get(2))) {
                    inactive.add(node);
                }
            }
            if (!registered.equals(expected)) {
                return "registered workers are " + registered + ", expected " + expected;
            }
            if (!inactive.isEmpty()) {
                return "inactive workers: " + inactive;
            }
            // the nodes reached each other when the cluster was made; what a reused one needs is the coordinator's reach
            long reached = ((Number) Jdbc.single(c, ClusterSql.WORKERS_REACHED)).longValue();
            return reached == expected.size() ? null
                    : "the coordinator reaches " + reached + " of " + expected.size() + " workers";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private String healthProblem(Connection c, int workers, Set<String> running) {
        try {
            long active = ((Number) Jdbc.single(c, ClusterSql.ACTIVE_WORKER_COUNT)).longValue();
            List<String> unhealthy = unreachable(c, running);
            if (active == workers && unhealthy.isEmpty()) {
                return null;
            }
            return active + " of " + workers + " workers active" + (unhealthy.isEmpty() ? "" : ", unreachable: " + unhealthy);
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Pairs of nodes among {@code running} where the first does not reach the second. */
    private static List<String> unreachable(Connection c, Set<String> running) throws SQLException {
        List<String> unhealthy = new ArrayList<>();
        for (List<Object> row : Jdbc.query(c, ClusterSql.NODE_HEALTH)) {
            String from = row.get(0) + ":" + row.get(1); // host:port: host-reachable nodes share one host
            String to = row.get(2) + ":" + row.get(3);
            boolean counts = running.contains(from) && running.contains(to);
            if (counts && !Boolean.TRUE.equals(row.get(4))) {
                unhealthy.add(from + "->" + to);
            }
        }
        return unhealthy;
    }
}
