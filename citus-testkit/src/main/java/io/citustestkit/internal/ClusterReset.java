package io.citustestkit.internal;

import io.citustestkit.CitusNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a cluster empties its tables ({@code truncateTables()}) and drops what tests created ({@code reset()}), on
 * sessions the kit keeps open on every node until the cluster stops: opening a session (a new backend with Citus
 * loaded, password authentication, and the connections Citus opens from it to the workers) costs more than the
 * work of a reset on the small tables of a test. A session that broke (its node restarted, stopped, left) is
 * replaced before use; a node that leaves the cluster is {@link #forget forgotten}.
 *
 * <p>Both operations do on every node at once what Citus would do one shard placement at a time, one round trip
 * each, from the coordinator: see {@link ClusterSql#emptyOnNode} and {@link NodeDrop}.
 */
public final class ClusterReset implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReset.class);

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Runs the nodes' statements in parallel; daemon threads that end soon after they fall idle. */
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "citustestkit-reset-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final Supplier<String> clusterId;

    /** The kit's coordinator session for catalogue queries and the coordinator's statements. */
    private Connection coordinatorSession;

    /** The kit's session on each node for the statements every node runs in parallel. */
    private final Map<CitusNode, Connection> nodeSessions = new ConcurrentHashMap<>();

    /** @param clusterId the cluster's id, for log lines */
    public ClusterReset(Supplier<String> clusterId) {
        this.clusterId = clusterId;
    }

    /**
     * Empties every user table but migration history ({@link ClusterSql#MIGRATION_HISTORY}) and kept tables, and
     * restarts the sequences they own: every node empties what it holds, in parallel; else one {@code TRUNCATE}.
     *
     * @param coordinator the coordinator
     * @param workers the workers, as the cluster knows them now
     * @param keptTables tables left alone (names as in SQL); each must exist
     * @throws SQLException when the tables could not be emptied; {@link IllegalArgumentException}: no such kept table
     */
    public synchronized void truncateTables(CitusNode coordinator, List<CitusNode> workers, List<String> keptTables)
            throws SQLException {
        Connection c = coordinatorSession(coordinator);
        List<Long> kept = KeptTables.oids(c, keptTables);
        try {
            emptyNodeByNode(c, coordinator, workers, kept);
        } catch (SQLException fast) {
            LOG.debug("cluster {}: emptying tables node by node failed ({}), using TRUNCATE", clusterId.get(),
                    fast.getMessage());
            String sql = ClusterSql.truncateAll(Jdbc.strings(c, ClusterSql.emptiedTables(kept)));
            if (sql != null) {
                Jdbc.execute(c, sql);
            }
        }
    }

    private void emptyNodeByNode(Connection c, CitusNode coordinator, List<CitusNode> workers, List<Long> kept)
            throws SQLException {
        long t0 = System.nanoTime();
        Map<CitusNode, List<String>> shards = new LinkedHashMap<>();
        List<String> local = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (List<Object> row : Jdbc.query(c, ClusterSql.emptyingPlan(kept))) {
            String kind = row.get(0).toString();
            String name = row.get(3).toString();
            if ("shard".equals(kind)) {
                shards.computeIfAbsent(node(row, coordinator, workers), n -> new ArrayList<>()).add(name);
            } else if ("local".equals(kind)) {
                local.add(name);
            } else {
                all.add(name);
            }
        }
        if (all.isEmpty()) {
            return;
        }
        Map<CitusNode, List<String>> work = new LinkedHashMap<>();
        shards.forEach((node, list) -> work.put(node, ClusterSql.emptyOnNode(list, List.of(), List.of())));
        work.put(coordinator, ClusterSql.emptyOnNode(shards.getOrDefault(coordinator, List.of()), local, all));
        long t1 = System.nanoTime();
        onEveryNode(work);
        LOG.debug("cluster {}: emptying {} tables ({} placements): plan {} ms, nodes {} ms", clusterId.get(),
                all.size(), shards.values().stream().mapToInt(List::size).sum(), millis(t1 - t0),
                millis(System.nanoTime() - t1));
    }

    /**
     * Drops what tests created (user schemas; tables, views, sequences, routines and types in {@code public}): every
     * node, the coordinator included, drops what it holds of the user's and its Citus metadata of it, all nodes in
     * parallel, each in one transaction (see {@link NodeDrop}); they commit only when every node got through. When
     * that is not possible (a node the cluster did not start is registered, or a node's statements failed, which
     * left every node as it was), Citus' own drop runs on the coordinator instead (slower, one shard placement at
     * a time).
     *
     * @param coordinator the coordinator
     * @param workers the workers, as the cluster knows them now
     * @throws SQLException when the drop failed; the message says whether running it again finishes the job
     */
    public synchronized void drop(CitusNode coordinator, List<CitusNode> workers) throws SQLException {
        long t0 = System.nanoTime();
        Connection c = coordinatorSession(coordinator);
        try {
            String unknown = unknownNode(c, coordinator, workers);
            if (unknown == null) {
                Map<CitusNode, List<String>> work = new LinkedHashMap<>();
                work.put(coordinator, NodeDrop.statements());
                for (CitusNode worker : workers) {
                    work.put(worker, NodeDrop.statements());
                }
                onEveryNode(work);
                LOG.debug("cluster {}: reset on {} nodes: {} ms", clusterId.get(), work.size(),
                        millis(System.nanoTime() - t0));
                return;
            }
            LOG.debug("cluster {}: node {} is registered but was not started by this cluster, leaving the drop"
                    + " to Citus", clusterId.get(), unknown);
        } catch (CommitFailed e) {
            throw new SQLException(e.getMessage() + " (other nodes had already dropped what they hold; reset()"
                    + " again finishes the job)", e.getSQLState(), e);
        } catch (SQLException e) {
            LOG.debug("cluster {}: dropping node by node failed ({}), leaving it to Citus", clusterId.get(),
                    e.getMessage());
        }
        CitusDrop.run(c);
    }

    /** A primary registered on the coordinator that is none of the cluster's nodes, as host:port; else null. */
    private static String unknownNode(Connection c, CitusNode coordinator, List<CitusNode> workers)
            throws SQLException {
        List<CitusNode> nodes = new ArrayList<>(workers);
        nodes.add(coordinator);
        for (List<Object> row : Jdbc.query(c, ClusterSql.REGISTERED_PRIMARIES)) {
            String host = row.get(0).toString();
            int port = ((Number) row.get(1)).intValue();
            if (nodes.stream().noneMatch(n -> n.getRegisteredHost().equals(host) && n.getRegisteredPort() == port)) {
                return host + ":" + port;
            }
        }
        return null;
    }

    /**
     * Runs each node's statements in one transaction of its own on the node's kept session, all nodes at once, and
     * commits only when every node got through its statements (then all commits at once too); otherwise every
     * node rolls back, so a node that is down or a statement that fails leaves every node as it was.
     */
    private void onEveryNode(Map<CitusNode, List<String>> work) throws SQLException {
        Map<CitusNode, CompletableFuture<Connection>> started = new LinkedHashMap<>();
        for (Map.Entry<CitusNode, List<String>> e : work.entrySet()) {
            if (!e.getValue().isEmpty()) {
                CitusNode node = e.getKey();
                started.put(node, CompletableFuture.supplyAsync(() -> {
                    try {
                        return begin(node, e.getValue());
                    } catch (SQLException ex) {
                        throw new CompletionException(ex);
                    }
                }, POOL));
            }
        }
        SQLException failure = null;
        Map<CitusNode, Connection> open = new LinkedHashMap<>();
        for (Map.Entry<CitusNode, CompletableFuture<Connection>> e : started.entrySet()) {
            try {
                open.put(e.getKey(), e.getValue().join());
            } catch (CompletionException ex) {
                if (failure == null) {
                    failure = onNode(e.getKey(), ex.getCause());
                }
            }
        }
        if (failure != null) {
            open.values().forEach(ClusterReset::rollbackQuietly);
            open.values().forEach(ClusterReset::setAutoCommitQuietly);
            throw failure;
        }
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        for (Map.Entry<CitusNode, Connection> e : open.entrySet()) {
            commits.add(CompletableFuture.runAsync(() -> {
                Connection c = e.getValue();
                long t = System.nanoTime();
                try {
                    c.commit();
                    LOG.trace("cluster {}: {} {} ms: COMMIT", clusterId.get(), e.getKey().getNetworkAlias(),
                            millis(System.nanoTime() - t));
                } catch (SQLException ex) {
                    rollbackQuietly(c);
                    throw new CompletionException(new CommitFailed(onNode(e.getKey(), ex)));
                } finally {
                    setAutoCommitQuietly(c);
                }
            }, POOL));
        }
        try {
            CompletableFuture.allOf(commits.toArray(new CompletableFuture<?>[0])).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            throw e;
        }
    }

    /** A node's commit failed after others may have committed: running the operation again is what helps. */
    private static final class CommitFailed extends SQLException {
        CommitFailed(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    /** Opens a transaction on the node's session and runs the statements in it, in one round trip. */
    private Connection begin(CitusNode node, List<String> statements) throws SQLException {
        Connection c = nodeSession(node);
        c.setAutoCommit(false);
        try {
            if (LOG.isTraceEnabled()) { // where a node's time goes, statement by statement
                for (String sql : statements) {
                    long t = System.nanoTime();
                    Jdbc.execute(c, sql);
                    LOG.trace("cluster {}: {} {} ms: {}", clusterId.get(), node.getNetworkAlias(),
                            millis(System.nanoTime() - t), sql);
                }
            } else {
                Jdbc.execute(c, String.join(";\n", statements));
            }
            return c;
        } catch (SQLException e) {
            rollbackQuietly(c);
            setAutoCommitQuietly(c);
            throw e;
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static SQLException onNode(CitusNode node, Throwable cause) {
        if (cause instanceof SQLException e) {
            return new SQLException("on " + node.getNetworkAlias() + ": " + e.getMessage(), e.getSQLState(), e);
        }
        return new SQLException("on " + node.getNetworkAlias() + ": " + cause.getMessage(), cause);
    }

    /** The node a plan row {@code (kind, node name, node port, ...)} names, by the address it is registered under. */
    private static CitusNode node(List<Object> row, CitusNode coordinator, List<CitusNode> workers)
            throws SQLException {
        String host = row.get(1).toString();
        int port = ((Number) row.get(2)).intValue();
        List<CitusNode> nodes = new ArrayList<>(workers);
        nodes.add(coordinator);
        for (CitusNode n : nodes) {
            if (n.getRegisteredHost().equals(host) && n.getRegisteredPort() == port) {
                return n;
            }
        }
        throw new SQLException("a shard of a user table is on node " + host + ":" + port
                + ", which this cluster did not start");
    }

    private Connection coordinatorSession(CitusNode coordinator) throws SQLException {
        if (coordinatorSession == null || !coordinatorSession.isValid(5)) {
            closeQuietly(coordinatorSession);
            coordinatorSession = null;
            Connection c = coordinator.createConnection();
            try {
                // one connection per worker for the kit's statements that touch every shard
                Jdbc.execute(c, ClusterSql.ONE_CONNECTION_PER_WORKER);
                Jdbc.execute(c, AssertionSql.NOT_CAPTURED); // the kit's own statements are never captured
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            coordinatorSession = c;
        }
        return coordinatorSession;
    }

    private Connection nodeSession(CitusNode node) throws SQLException {
        Connection c = nodeSessions.get(node);
        if (c != null && c.isValid(5)) {
            return c;
        }
        closeQuietly(c);
        nodeSessions.remove(node);
        c = node.createConnection();
        nodeSessions.put(node, c);
        return c;
    }

    /** Closes the kit's session on a node that leaves the cluster. */
    public void forget(CitusNode node) {
        closeQuietly(nodeSessions.remove(node));
    }

    /** Closes every session the kit keeps; the next operation opens new ones. */
    @Override
    public synchronized void close() {
        nodeSessions.values().forEach(ClusterReset::closeQuietly);
        nodeSessions.clear();
        closeQuietly(coordinatorSession);
        coordinatorSession = null;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // a broken session is replaced on next use
        }
    }

    private static void setAutoCommitQuietly(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken session is replaced on next use
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
        }
    }
}
