package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.ContainerEngine;
import io.citustestkit.internal.Waits;
import io.citustestkit.testsupport.Nodes;
import io.citustestkit.testsupport.PerLineCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;

/**
 * A node cut off the cluster network ({@link CitusNode#disconnect()}): queries that need it fail within seconds
 * naming it, the rest of the cluster works, and {@link CitusNode#reconnect()} brings it back with its data; with
 * pause and stop; misuse says which node and in which state. Transfers in two-phase commit through a partition:
 * {@link TwoPhaseCommitPartitionIT}.
 */
class NetworkFaultIT extends PerLineCluster {

    /** What the issue allows for a query that needs a cut-off or hung node to fail: generous for a slow machine. */
    static final Duration FAIL_BOUND = Duration.ofSeconds(10);

    private static final int ACCOUNTS = 20;
    private static final long OPENING_BALANCE = 1000;

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(2);
    }

    @Override
    protected void afterStart() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE items (id bigint PRIMARY KEY, v text)",
                    "SELECT create_distributed_table('items', 'id', shard_count => 4)",
                    "INSERT INTO items SELECT i, 'v' || i FROM generate_series(1, 40) i",
                    "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
                    "SELECT create_distributed_table('accounts', 'id', shard_count => 4)",
                    "CREATE TABLE ledger (account int NOT NULL, transfer bigint NOT NULL, amount bigint NOT NULL)",
                    "SELECT create_distributed_table('ledger', 'account', colocate_with => 'accounts')",
                    "INSERT INTO accounts SELECT i, " + OPENING_BALANCE + " FROM generate_series(1, " + ACCOUNTS + ") i");
        }
    }

    /** A failed test leaves no node cut off or down for the next one. */
    @AfterEach
    void healCluster() {
        if (cluster == null) {
            return;
        }
        for (CitusNode node : Nodes.all(cluster)) {
            node.unpause();
            if (node.isDisconnected()) {
                node.reconnect();
            }
            node.start();
        }
    }

    @Test
    void disconnectedWorkerFailsQueriesWithinSecondsNamingItAndComesBackWithItsData() throws Exception {
        CitusNode worker = cluster.getWorker(0);
        int nodeId = worker.getNodeId();
        long rowsOnWorker = Nodes.rowsInShards(worker, "items");
        long otherWorkersRow = rowOn(cluster.getWorker(1));
        try (Connection held = cluster.createConnection("")) {
            assertThat(count(held, "SELECT count(*) FROM items")).isEqualTo(40); // Citus keeps its connections

            worker.disconnect();
            assertThat(worker.isDisconnected()).isTrue();
            assertThat(worker.isRunning()).isTrue();
            assertThat(worker).hasToString("CitusNode{WORKER worker-1, disconnected}");

            long heldMs = failsNaming(held, "SELECT count(*) FROM items", "worker-1");
            long freshMs;
            try (Connection fresh = cluster.createConnection("")) {
                freshMs = failsNaming(fresh, "SELECT count(*) FROM items", "worker-1");
                // what does not need the worker still works
                assertThat(count(fresh, "SELECT count(*) FROM items WHERE id = " + otherWorkersRow)).isEqualTo(1);
            }
            System.out.printf("[network-faults] %s: worker cut off -> failed query: %d ms (session that used it),"
                    + " %d ms (new session)%n", image, heldMs, freshMs);
        }
        // nothing reaches it and it reaches nothing
        assertThatThrownBy(worker::getJdbcUrl).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker-1 is disconnected");
        assertThat(reaches(worker, "coordinator")).as("worker-1 reaches the coordinator").isFalse();
        assertThat(reaches(cluster.getWorker(1), "worker-1")).as("worker-2 reaches worker-1").isFalse();

        long t0 = System.nanoTime();
        worker.reconnect();
        System.out.printf("[network-faults] %s: reconnect() -> healthy cluster: %d ms%n", image, millisSince(t0));
        assertThat(worker.isDisconnected()).isFalse();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
            assertThat(strings(c, "SELECT bool_and(result)::text FROM citus_check_cluster_node_health()"))
                    .containsExactly("true");
            assertThat(strings(c, "SELECT nodename || ':' || isactive FROM pg_dist_node WHERE nodeid = " + nodeId))
                    .containsExactly("worker-1:true");
        }
        assertThat(Nodes.rowsInShards(worker, "items")).isEqualTo(rowsOnWorker);
        assertThat(reaches(worker, "coordinator")).isTrue();
    }

    @Test
    void disconnectedCoordinatorIsReachedByNoOneAndComesBackWithItsMetadata() throws Exception {
        CitusNode coordinator = cluster.getCoordinator();
        String urlBefore = cluster.getJdbcUrl();
        coordinator.disconnect();
        assertThat(coordinator.isDisconnected()).isTrue();
        assertThat(reaches(cluster.getWorker(0), "coordinator")).as("worker-1 reaches the coordinator").isFalse();
        // no client reaches it: its port on the Docker host is gone (Docker refuses the connection; rootful Podman
        // still holds the port and the attempt hangs, as towards a partitioned host, until the client gives up)
        Properties login = new Properties();
        login.setProperty("user", cluster.getUsername());
        login.setProperty("password", cluster.getPassword());
        login.setProperty("connectTimeout", "5");
        login.setProperty("loginTimeout", "5");
        assertThatThrownBy(() -> DriverManager.getConnection(urlBefore, login).close())
                .isInstanceOf(SQLException.class);

        coordinator.reconnect();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
            assertThat(count(c, "SELECT count(*) FROM pg_dist_node")).isEqualTo(3);
        }
        assertThat(cluster.getJdbcUrl()).isEqualTo(coordinator.getJdbcUrl());
        assertThat(reaches(cluster.getWorker(0), "coordinator")).isTrue();
    }

    @Test
    void pausedWorkerFailsNewQueriesWithinSecondsNamingIt() throws Exception {
        CitusNode worker = cluster.getWorker(1);
        worker.pause();
        try (Connection c = cluster.createConnection("")) {
            long ms = failsNaming(c, "SELECT count(*) FROM items", "worker-2");
            System.out.printf("[network-faults] %s: worker paused -> failed query: %d ms%n", image, ms);
        }
        worker.unpause();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
        }
    }

    @Test
    void pausedOrStoppedWorkerCanBeCutOffAndComesBack() throws Exception {
        CitusNode worker = cluster.getWorker(1);
        if (!ContainerEngine.current().podman()) { // Podman refuses a paused node's disconnect (PodmanIT)
            worker.pause();
            worker.disconnect();
            assertThat(worker).hasToString("CitusNode{WORKER worker-2, paused, disconnected}");
            worker.unpause();
            try (Connection c = cluster.createConnection("")) {
                failsNaming(c, "SELECT count(*) FROM items", "worker-2");
            }
            worker.reconnect();
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
            }
        }

        worker.stop();
        worker.disconnect();
        worker.start(); // runs again, still cut off: the reconnect waits for it
        assertThat(worker.isRunning()).isTrue();
        assertThat(worker.isDisconnected()).isTrue();
        worker.reconnect();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(40);
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
        }
    }

    @Test
    void misuseNamesTheNodeAndItsState() {
        CitusNode worker = cluster.getWorker(1);
        assertThatThrownBy(worker::reconnect).isInstanceOf(IllegalStateException.class)
                .hasMessage("reconnect() on worker-2: the node is connected (running); allowed only after disconnect()");
        worker.disconnect();
        assertThatThrownBy(worker::disconnect).isInstanceOf(IllegalStateException.class)
                .hasMessage("disconnect() on worker-2: the node is disconnected already (running, disconnected);"
                        + " call reconnect() to put it back first");
        worker.reconnect();

        CitusNode added = cluster.addWorker();
        cluster.removeWorker(added);
        assertThatThrownBy(added::disconnect).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("disconnect() on " + added.getNetworkAlias() + ": the node was removed");
    }

    @Test
    void transfersInTwoPhaseCommitAreAllOrNothingThroughAPartition() throws Exception {
        CitusNode cutOff = cluster.getWorker(0);
        List<Long> here = accountsOn(cutOff);
        List<Long> there = accountsOn(cluster.getWorker(1));
        assertThat(here).isNotEmpty();
        assertThat(there).isNotEmpty();
        Transfers transfers = new Transfers(here, there);
        Thread client = new Thread(transfers, "transfers");
        client.start();
        try {
            transfers.awaitCommitted(20);
            long disconnectedAt = System.nanoTime();
            transfers.failureAfter(disconnectedAt);
            cutOff.disconnect();
            transfers.awaitFailed(10);
            long committedDuring = transfers.committed.size();
            long reconnectedAt = System.nanoTime();
            cutOff.reconnect();
            long reconnectMs = millisSince(reconnectedAt);
            transfers.awaitCommitted(committedDuring + 20);
            transfers.stop();
            client.join(FAIL_BOUND.toMillis() * 3);
            System.out.printf("[network-faults] %s: 2PC transfers through a partition of %s: %d committed, %d failed;"
                    + " first failure %d ms after disconnect(), healthy %d ms after reconnect()%n", image,
                    cutOff.getNetworkAlias(), transfers.committed.size(), transfers.failed.size(),
                    (transfers.firstFailureNanos - disconnectedAt) / 1_000_000, reconnectMs);
            assertThat(Duration.ofNanos(transfers.firstFailureNanos - disconnectedAt))
                    .as("time from disconnect() to the first failed transfer").isLessThanOrEqualTo(FAIL_BOUND);
        } finally {
            transfers.stop();
            client.join();
        }
        assertThat(transfers.unexpected).as("errors that are not a failed transfer").isEmpty();

        // Citus' recovery settles what the partition left prepared on the workers
        Waits.until(Duration.ofSeconds(60), Duration.ofMillis(200), this::preparedLeft,
                last -> new IllegalStateException("prepared transactions left after 60 s: " + last));
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT sum(balance) FROM accounts")).as("money in all accounts")
                    .isEqualTo(ACCOUNTS * OPENING_BALANCE);
            List<Long> inLedger = longs(c, "SELECT transfer FROM ledger GROUP BY transfer"
                    + " HAVING count(*) = 2 AND sum(amount) = 0 ORDER BY transfer");
            assertThat(count(c, "SELECT count(*) FROM ledger")).as("ledger rows, two per transfer")
                    .isEqualTo(2L * inLedger.size());
            assertThat(inLedger).as("transfers in the ledger: every one the client saw committed, none it saw fail")
                    .containsExactlyInAnyOrderElementsOf(transfers.committed)
                    .doesNotContainAnyElementsOf(transfers.failed);
            assertThat(count(c, "SELECT count(*) FROM accounts a WHERE balance <> " + OPENING_BALANCE
                    + " + coalesce((SELECT sum(amount) FROM ledger l WHERE l.account = a.id), 0)"))
                    .as("accounts whose balance is not what their ledger says").isZero();
        }
    }

    /** Null when no node holds a prepared transaction and the coordinator has no commit record left to recover. */
    private String preparedLeft() {
        try {
            List<String> left = new java.util.ArrayList<>();
            for (CitusNode node : Nodes.all(cluster)) {
                try (Connection c = node.createConnection()) {
                    long n = count(c, "SELECT count(*) FROM pg_prepared_xacts");
                    if (n > 0) {
                        left.add(node.getNetworkAlias() + ": " + n);
                    }
                }
            }
            try (Connection c = cluster.createConnection("")) {
                long records = count(c, "SELECT count(*) FROM pg_dist_transaction");
                if (records > 0) {
                    left.add("pg_dist_transaction: " + records);
                }
            }
            return left.isEmpty() ? null : left.toString();
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private List<Long> accountsOn(CitusNode worker) throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            return longs(c, "SELECT a.id FROM accounts a JOIN citus_shards s"
                    + " ON s.shardid = get_shard_id_for_distribution_column('accounts', a.id)"
                    + " WHERE s.nodename = '" + worker.getRegisteredHost() + "' ORDER BY a.id");
        }
    }

    private static List<Long> longs(Connection c, String sql) throws SQLException {
        return strings(c, sql).stream().map(Long::valueOf).collect(java.util.stream.Collectors.toList());
    }

    /**
     * A client moving money from an account on one worker to one on the other, each transfer one transaction that
     * Citus commits in two phases, and writing both legs to the ledger; counts what it saw committed and failed.
     */
    private final class Transfers implements Runnable {
        final Set<Long> committed = ConcurrentHashMap.newKeySet();
        final Set<Long> failed = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        private final List<Long> from;
        private final List<Long> to;
        private volatile boolean stopped;
        private volatile long countFailuresAfter = Long.MAX_VALUE;
        volatile long firstFailureNanos;

        Transfers(List<Long> from, List<Long> to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            long id = 0;
            Connection c = null;
            while (!stopped) {
                id++;
                try {
                    if (c == null) {
                        c = cluster.createConnection("");
                        c.setAutoCommit(false);
                    }
                    transfer(c, id);
                    committed.add(id);
                } catch (SQLException e) {
                    failed.add(id);
                    if (firstFailureNanos == 0 && System.nanoTime() > countFailuresAfter) {
                        firstFailureNanos = System.nanoTime();
                    }
                    if (!e.getMessage().contains(cluster.getWorker(0).getNetworkAlias())) {
                        unexpected.add(e.getMessage());
                    }
                    c = rollbackOrDrop(c);
                }
            }
            rollbackOrDrop(c);
        }

        private void transfer(Connection c, long id) throws SQLException {
            long a = from.get((int) (id % from.size()));
            long b = to.get((int) (id % to.size()));
            long amount = 1 + id % 7;
            boolean reverse = id % 2 == 0; // money flows both ways
            long src = reverse ? b : a;
            long dst = reverse ? a : b;
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE accounts SET balance = balance - " + amount + " WHERE id = " + src);
                s.execute("UPDATE accounts SET balance = balance + " + amount + " WHERE id = " + dst);
                s.execute("INSERT INTO ledger VALUES (" + src + ", " + id + ", " + -amount + "), (" + dst + ", " + id
                        + ", " + amount + ")");
            }
            c.commit();
        }

        private Connection rollbackOrDrop(Connection c) {
            if (c == null) {
                return null;
            }
            try {
                c.rollback();
                return c;
            } catch (SQLException e) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the session is gone either way
                }
                return null;
            }
        }

        void failureAfter(long nanos) {
            countFailuresAfter = nanos;
        }

        void awaitCommitted(long n) {
            Waits.until(Duration.ofSeconds(60), Duration.ofMillis(20), () -> committed.size() >= n ? null
                    : committed.size() + " of " + n + " transfers committed",
                    last -> new IllegalStateException("transfers did not commit: " + last + "; errors " + unexpected));
        }

        void awaitFailed(long n) {
            Waits.until(Duration.ofSeconds(60), Duration.ofMillis(20), () -> failed.size() >= n ? null
                    : failed.size() + " of " + n + " transfers failed",
                    last -> new IllegalStateException("transfers did not fail: " + last));
        }

        void stop() {
            stopped = true;
        }
    }

    /** Runs a query that must fail, naming the node, within {@link #FAIL_BOUND}; returns how long it took. */
    static long failsNaming(Connection c, String sql, String node) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> count(c, sql)).isInstanceOf(SQLException.class).hasMessageContaining(node);
        long ms = millisSince(t0);
        assertThat(Duration.ofMillis(ms)).as("time until the query that needs %s failed", node)
                .isLessThanOrEqualTo(FAIL_BOUND);
        return ms;
    }

    /** Whether a node reaches another's server over the cluster network (asked inside the node: it works cut off). */
    static boolean reaches(CitusNode from, String host) throws Exception {
        ExecResult r = from.getContainer().execInContainer("pg_isready", "-h", host, "-p", "5432", "-t", "3");
        return r.getExitCode() == 0;
    }

    /** An id of {@code items} whose row is on the given worker. */
    private long rowOn(CitusNode worker) throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            return count(c, "SELECT min(id) FROM items i JOIN citus_shards s"
                    + " ON s.shardid = get_shard_id_for_distribution_column('items', i.id)"
                    + " WHERE s.nodename = '" + worker.getRegisteredHost() + "'");
        }
    }

    static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
