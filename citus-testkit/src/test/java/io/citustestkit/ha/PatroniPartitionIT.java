package io.citustestkit.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.Waits;
import io.citustestkit.testsupport.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Container.ExecResult;

/**
 * A group's primary cut off from etcd, its replica and the coordinator ({@link PatroniMember#disconnect()}): it
 * demotes itself within Patroni's {@code ttl} (writes to it fail: no split brain), its replica is promoted, the
 * coordinator's {@code pg_dist_node} points at it, no write acknowledged under synchronous replication is lost, and
 * after {@link PatroniMember#reconnect()} the old primary follows as a replica. First a worker group, then the
 * coordinator group; one cluster (one coordinator group and one worker group of two members each) for both, once per
 * Patroni test image (one per Patroni line).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniPartitionIT extends PerPatroniImageCluster {

    /** Patroni's {@code ttl} in the kit's image (citus-image/patroni/render-patroni-config.py). */
    private static final Duration TTL = Duration.ofSeconds(20);
    /** How long a cut-off primary may take to refuse writes: its ttl, generous for a slow machine. */
    private static final Duration DEMOTE_BOUND = TTL.plusSeconds(10);
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(90);

    @Override
    protected void afterStart() throws SQLException {
        try (Connection c = cluster.createConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE writes (id bigint PRIMARY KEY)");
            s.execute("SELECT create_distributed_table('writes', 'id')");
        }
    }

    @Test
    @Order(1)
    void misuseNamesTheMember() {
        PatroniMember replica = cluster.getReplicas(1).get(0);
        assertThatThrownBy(replica::reconnect).isInstanceOf(IllegalStateException.class)
                .hasMessage("reconnect() on " + replica.getName() + ": the member is connected;"
                        + " allowed only after disconnect()");
        replica.disconnect();
        try {
            assertThatThrownBy(replica::disconnect).isInstanceOf(IllegalStateException.class)
                    .hasMessage("disconnect() on " + replica.getName() + ": the member is disconnected already;"
                            + " call reconnect() to put it back first");
            assertThatThrownBy(replica::getJdbcUrl).hasMessageContaining(replica.getName() + " is disconnected");
        } finally {
            replica.reconnect();
        }
        cluster.awaitHealthy();
    }

    @Test
    @Order(2)
    void aCutOffWorkerPrimaryDemotesAndItsReplicaTakesOver() throws Exception {
        partitionThePrimaryOf(1);
    }

    @Test
    @Order(3)
    void aCutOffCoordinatorPrimaryDemotesAndItsReplicaTakesOver() throws Exception {
        partitionThePrimaryOf(0);
    }

    private void partitionThePrimaryOf(int group) throws Exception {
        PatroniMember old = cluster.getPrimary(group);
        PatroniMember replica = cluster.getReplicas(group).get(0);
        try (Connection c = old.createConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS partition_probe (x int)"); // a local table, to write to it inside
        }
        Writer writer = new Writer(cluster);
        Thread client = new Thread(writer, "writes");
        client.start();
        long disconnectedAt;
        long refusedAt;
        long promotedAt;
        long queryAt;
        try {
            writer.awaitAcked(20);
            disconnectedAt = System.nanoTime();
            old.disconnect();

            // no split brain: the cut-off primary acknowledges no write (each waits for the standby it cannot reach)
            // and refuses writes once Patroni demoted it, within its ttl
            List<String> acknowledged = new ArrayList<>();
            Waits.until(DEMOTE_BOUND, Duration.ofMillis(200), () -> writeInside(old, acknowledged),
                    last -> new IllegalStateException(old.getName() + " still takes writes " + DEMOTE_BOUND.toSeconds()
                            + " s after it was cut off: " + last));
            refusedAt = System.nanoTime();
            assertThat(acknowledged).as("writes the cut-off primary acknowledged").isEmpty();
            assertThat(Duration.ofNanos(refusedAt - disconnectedAt)).as("time until the cut-off primary refuses writes")
                    .isLessThanOrEqualTo(DEMOTE_BOUND);

            // the replica is promoted and the coordinator's metadata follows
            Waits.until(EVENT_TIMEOUT, Duration.ofMillis(200), () -> promotionProblem(group, replica),
                    last -> new IllegalStateException(replica.getName() + " was not promoted: " + last));
            promotedAt = System.nanoTime();
            long ackedBefore = writer.acked.size();
            writer.awaitAcked(ackedBefore + 10);
            queryAt = writer.lastAckNanos;
        } finally {
            writer.stop();
            client.join();
        }
        try (Connection c = cluster.createConnection()) {
            List<Long> stored = longs(c, "SELECT id FROM writes");
            assertThat(stored).as("every write acknowledged under synchronous replication").containsAll(writer.acked);
        }

        long reconnectedAt = System.nanoTime();
        old.reconnect();
        cluster.awaitHealthy(); // the old primary follows the new one again
        long healthyAt = System.nanoTime();
        assertThat(cluster.getPrimary(group).getName()).isEqualTo(replica.getName());
        assertThat(cluster.getReplicas(group)).extracting(PatroniMember::getName).containsExactly(old.getName());
        try (Connection c = old.createConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            assertThat(rs.next() && rs.getBoolean(1)).as("%s is a replica", old.getName()).isTrue();
        }
        System.out.printf("[patroni-partition] %s (%s): group %d, %s cut off: refuses writes after %d ms, %s promoted and in"
                + " pg_dist_node after %d ms, distributed write through the cluster URL after %d ms; %d writes"
                + " acknowledged, %d failed, none lost; reconnect() -> awaitHealthy() %d ms%n", image, patroni, group, old.getName(),
                ms(refusedAt - disconnectedAt), replica.getName(), ms(promotedAt - disconnectedAt),
                ms(queryAt - disconnectedAt), writer.acked.size(), writer.failed.get(), ms(healthyAt - reconnectedAt));
    }

    /**
     * Null once a write on the member itself (inside its container: it is cut off) is refused; else what happened:
     * not acknowledged within 3 s (waiting for the synchronous standby), or acknowledged (then also added to
     * {@code acknowledged}).
     */
    private String writeInside(PatroniMember member, List<String> acknowledged) {
        try {
            ExecResult r = member.getContainer().execInContainer("timeout", "3", "psql", "-h", "127.0.0.1", "-U",
                    cluster.getUsername(), "-d", cluster.getDatabaseName(), "-Atc", "INSERT INTO partition_probe VALUES (1)");
            if (r.getExitCode() == 0) {
                acknowledged.add(r.getStdout().trim());
                return "INSERT acknowledged";
            }
            return r.getExitCode() == 124 ? "INSERT waits for the synchronous standby" : null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Null when Patroni leads the group with the replica and the coordinator's pg_dist_node names it. */
    private String promotionProblem(int group, PatroniMember replica) {
        String leader;
        try {
            leader = cluster.getPrimary(group).getName();
        } catch (IllegalStateException e) {
            return e.getMessage(); // no leader while the old one's key has not expired
        }
        if (!leader.equals(replica.getName())) {
            return "Patroni's leader is " + leader;
        }
        try (Connection c = cluster.createConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nodename FROM pg_dist_node WHERE noderole = 'primary' AND groupid = "
                     + group)) {
            String registered = rs.next() ? rs.getString(1) : null;
            return replica.getName().equals(registered) ? null : "pg_dist_node names " + registered;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static List<Long> longs(Connection c, String sql) throws SQLException {
        return Sql.strings(c, sql).stream().map(Long::valueOf).collect(Collectors.toList());
    }

    /** Inserts through the cluster URL one row at a time; remembers what was acknowledged. */
    private static final class Writer implements Runnable {
        private static long nextId = 1;
        private final PatroniCitusCluster cluster;
        final Set<Long> acked = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        volatile long lastAckNanos;
        private volatile boolean stopped;

        Writer(PatroniCitusCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void run() {
            Connection c = null;
            while (!stopped) {
                long id = nextId++;
                try {
                    if (c == null) {
                        c = connect();
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO writes VALUES (" + id + ")");
                    }
                    acked.add(id);
                    lastAckNanos = System.nanoTime();
                } catch (SQLException e) {
                    failed.incrementAndGet();
                    close(c);
                    c = null;
                    Waits.pause(Duration.ofMillis(100));
                }
            }
            close(c);
        }

        /** Through the cluster URL, with timeouts: a session on a cut-off coordinator would otherwise wait for ever. */
        private Connection connect() throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", cluster.getUsername());
            p.setProperty("password", cluster.getPassword());
            p.setProperty("connectTimeout", "5");
            p.setProperty("socketTimeout", "10");
            return DriverManager.getConnection(cluster.getJdbcUrl(), p);
        }

        private static void close(Connection c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // the session is gone either way
            }
        }

        void awaitAcked(long n) {
            Waits.until(EVENT_TIMEOUT, Duration.ofMillis(50), () -> acked.size() >= n ? null
                    : acked.size() + " of " + n + " writes acknowledged",
                    last -> new IllegalStateException("writes through the cluster URL did not succeed: " + last));
        }

        void stop() {
            stopped = true;
        }
    }
}
