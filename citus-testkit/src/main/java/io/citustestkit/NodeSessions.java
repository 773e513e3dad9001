package io.citustestkit;

import io.citustestkit.internal.ClusterSql;
import io.citustestkit.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kit's own sessions on the nodes of a cluster, for {@link CitusClusterContainer#truncateTables()}, opened on
 * first use and kept until the cluster stops: opening a session (a new backend with Citus loaded, password
 * authentication) costs more than emptying the small tables of a test. A session that broke (its node restarted)
 * is replaced before use.
 */
final class NodeSessions implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Runs the nodes' statements in parallel; daemon threads that end when idle. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "citustestkit-reset-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final Map<CitusNode, Connection> sessions = new HashMap<>();

    /** A live session on the node. */
    synchronized Connection session(CitusNode node) throws SQLException {
        Connection c = sessions.get(node);
        if (c != null && c.isValid(5)) {
            return c;
        }
        closeQuietly(c);
        c = node.createConnection();
        sessions.put(node, c);
        return c;
    }

    /**
     * Empties the given shard placements and, on the coordinator, the given local tables and the sequences
     * they own; every node in one transaction of its own, all nodes in parallel.
     *
     * @param shardsByNode the qualified names of the shards each node holds
     * @param coordinator the coordinator
     * @param localTables the coordinator's tables that Citus does not manage
     * @param allTables every user table (their sequences restart)
     */
    void empty(Map<CitusNode, List<String>> shardsByNode, CitusNode coordinator, List<String> localTables,
            List<String> allTables) throws SQLException {
        Map<CitusNode, List<String>> work = new HashMap<>(shardsByNode);
        work.computeIfAbsent(coordinator, n -> new ArrayList<>());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (Map.Entry<CitusNode, List<String>> e : work.entrySet()) {
            boolean isCoordinator = e.getKey().equals(coordinator);
            List<String> statements = ClusterSql.emptyOnNode(e.getValue(),
                    isCoordinator ? localTables : List.of(), isCoordinator ? allTables : List.of());
            if (statements.isEmpty()) {
                continue;
            }
            futures.add(CompletableFuture.runAsync(() -> {
                try {
                    runInTransaction(session(e.getKey()), statements);
                } catch (SQLException ex) {
                    throw new CompletionException(new SQLException("on " + e.getKey().getNetworkAlias() + ": "
                            + ex.getMessage(), ex.getSQLState(), ex));
                }
            }, POOL));
        }
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            throw e;
        }
    }

    private static void runInTransaction(Connection c, List<String> statements) throws SQLException {
        c.setAutoCommit(false);
        try {
            for (String sql : statements) {
                Jdbc.execute(c, sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Closes the session on a node that leaves the cluster. */
    synchronized void forget(CitusNode node) {
        closeQuietly(sessions.remove(node));
    }

    @Override
    public synchronized void close() {
        sessions.values().forEach(NodeSessions::closeQuietly);
        sessions.clear();
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
