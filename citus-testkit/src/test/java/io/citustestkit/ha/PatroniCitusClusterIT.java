package io.citustestkit.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Container;
import io.citustestkit.CitusClusterContainer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;

/**
 * Real Patroni, real etcd, real Citus: one cluster (coordinator group + one worker group, 2 members each)
 * taken through switchovers and failovers in order, once per Patroni test image (one per Patroni line). Also the Patroni HA benchmark: it prints the time to
 * healthy and the time from a failover to a working distributed query (docs/performance.md, "Patroni HA").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniCitusClusterIT extends PerPatroniImageCluster {

    private static final double HEALTHY_GOAL_S = 30;
    private static final double FAILOVER_GOAL_S = 15;

    @Override
    protected void afterStart() {
        figure("start to healthy (1 coordinator group + 1 worker group, 2 members each)", 0, startup.toNanos(),
                HEALTHY_GOAL_S);
    }

    @Test
    @Order(1)
    void startsWithOnePrimaryPerGroupRegisteredByPatroni() throws Exception {
        assertThat(url).startsWith("jdbc:postgresql://").contains(",").endsWith("/test?targetServerType=primary");
        assertOnePrimaryPerGroupMatchingPatroni();
        assertThat(cluster.getReplicas(0)).hasSize(1);
        assertThat(cluster.getReplicas(1)).hasSize(1);
        try (Connection c = cluster.getPrimary(1).createConnection()) {
            assertThat(single(c, "SELECT pg_is_in_recovery()")).isEqualTo(false);
        }
        try (Connection c = cluster.getReplicas(1).get(0).createConnection()) {
            assertThat(single(c, "SELECT pg_is_in_recovery()")).isEqualTo(true);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (tenant_id bigint, id bigint, payload text, PRIMARY KEY (tenant_id, id))");
            s.execute("SELECT create_distributed_table('events', 'tenant_id')");
            s.execute("INSERT INTO events SELECT i % 50, i, 'before' FROM generate_series(1, 1000) i");
            assertThat(single(c, "SELECT count(*) FROM events")).isEqualTo(1000L);
        }
    }

    @Test
    @Order(2)
    void switchoverOfTheWorkerGroupThereAndBack() throws Exception {
        PatroniMember first = cluster.getPrimary(1);
        long t = System.nanoTime();
        PatroniMember second = cluster.switchover(1);
        figure("worker group switchover (returns when healthy again)", t, Double.NaN);
        assertThat(second.getName()).isNotEqualTo(first.getName());
        assertThat(cluster.getPrimary(1).getName()).isEqualTo(second.getName());
        assertOnePrimaryPerGroupMatchingPatroni();
        assertDistributedReadsAndWrites(1000, "after-switchover-1");

        PatroniMember back = cluster.switchover(1);
        assertThat(back.getName()).isEqualTo(first.getName());
        assertOnePrimaryPerGroupMatchingPatroni();
        assertDistributedReadsAndWrites(1000, "after-switchback-1");
    }

    @Test
    @Order(3)
    void switchoverOfTheCoordinatorGroupThereAndBackKeepsTheUrlWorking() throws Exception {
        PatroniMember first = cluster.getPrimary(0);
        PatroniMember second = cluster.switchover(0);
        assertThat(second.getName()).isNotEqualTo(first.getName());
        assertThat(cluster.getJdbcUrl()).isEqualTo(url);
        assertOnePrimaryPerGroupMatchingPatroni();
        assertDistributedReadsAndWrites(1000, "after-switchover-0");

        PatroniMember back = cluster.switchover(0);
        assertThat(back.getName()).isEqualTo(first.getName());
        assertOnePrimaryPerGroupMatchingPatroni();
        assertDistributedReadsAndWrites(1000, "after-switchback-0");
    }

    @Test
    @Order(4)
    void aWorkerGroupFailoverKeepsEveryCommittedRow() throws Exception {
        long before;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO events SELECT i % 50, i, 'before-failover' FROM generate_series(10001, 12000) i");
            before = (Long) single(c, "SELECT count(*) FROM events");
        }
        PatroniMember old = cluster.getPrimary(1);
        long t = System.nanoTime();
        // tag::failover[]
        PatroniMember promoted = cluster.failover(1);          // kills worker group 1's primary
        try (Connection c = cluster.createConnection()) {      // the same URL as before
            assertThat(single(c, "SELECT count(*) FROM events")).isEqualTo(before);   // nothing committed is lost
        }
        // end::failover[]
        figure("worker group failover to a working distributed query", t, FAILOVER_GOAL_S);

        assertThat(promoted.getName()).isNotEqualTo(old.getName());
        assertThat(old.getContainer().isRunning()).as("the killed primary stays down").isFalse();
        assertThat(cluster.getReplicas(1)).isEmpty();
        assertThat(cluster.getMembers(1)).extracting(PatroniMember::getName)
                .containsExactlyInAnyOrder(old.getName(), promoted.getName());
        assertThatThrownBy(() -> cluster.failover(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failover of group 1 needs a live replica");
        assertThatThrownBy(() -> cluster.switchover(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("switchover of group 1 needs a live replica");
        assertThat(cluster.getPrimary(1).getName()).as("a refused failover changes nothing").isEqualTo(promoted.getName());
        try (Connection c = connect()) {
            assertThat(single(c, "SELECT count(*) FROM events")).isEqualTo(before);
            assertThat(single(c, "SELECT count(*) FROM events WHERE payload = 'before-failover'")).isEqualTo(2000L);
        }
        assertOnePrimaryPerGroupMatchingPatroni();
        assertDistributedReadsAndWrites(before, "after-failover-1");
    }

    @Test
    @Order(5)
    void aCoordinatorFailoverLeavesTheSameUrlOnTheNewPrimary() throws Exception {
        long before;
        try (Connection c = connect()) {
            before = (Long) single(c, "SELECT count(*) FROM events");
        }
        PatroniMember old = cluster.getPrimary(0);
        long t = System.nanoTime();
        PatroniMember promoted = cluster.failover(0);
        long distributedQueryWorks = awaitDistributedQuery();
        figure("coordinator failover to a working distributed query", t, distributedQueryWorks, FAILOVER_GOAL_S);

        assertThat(promoted.getName()).isNotEqualTo(old.getName());
        assertThat(cluster.getJdbcUrl()).isEqualTo(url);
        try (Connection c = connect()) {
            assertThat(single(c, "SELECT pg_is_in_recovery()")).isEqualTo(false);
            try (Connection direct = promoted.createConnection()) {
                assertThat(single(c, "SELECT host(inet_server_addr())")).as("server reached through the URL")
                        .isEqualTo(single(direct, "SELECT host(inet_server_addr())"));
            }
            assertThat(single(c, "SELECT count(*) FROM events")).isEqualTo(before);
        }
        assertOnePrimaryPerGroupMatchingPatroni();
        assertDistributedReadsAndWrites(before, "after-failover-0");
    }

    @Test
    @Order(6)
    void stopLeavesNothingOfTheClusterBehind() {
        cluster.stop();
        List<Container> left = DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(CitusClusterContainer.CLUSTER_LABEL, clusterId)).exec();
        assertThat(left).as("containers labelled %s=%s", CitusClusterContainer.CLUSTER_LABEL, clusterId).isEmpty();
        assertThat(DockerClientFactory.instance().client().listNetworksCmd()
                .withFilter("label", List.of(CitusClusterContainer.CLUSTER_LABEL + "=" + clusterId)).exec())
                .as("networks of cluster %s", clusterId).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    private Connection connect() throws SQLException {
        return cluster.createConnection();
    }

    /** pg_dist_node on the coordinator primary: exactly one primary per group, and it is Patroni's leader. */
    private void assertOnePrimaryPerGroupMatchingPatroni() throws SQLException {
        Map<Integer, Integer> primariesPerGroup = new HashMap<>();
        Map<Integer, String> primaryName = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT groupid, nodename FROM pg_dist_node WHERE noderole = 'primary'")) {
            while (rs.next()) {
                primariesPerGroup.merge(rs.getInt(1), 1, Integer::sum);
                primaryName.put(rs.getInt(1), rs.getString(2));
            }
        }
        assertThat(primariesPerGroup).as("primaries per group in pg_dist_node").isEqualTo(Map.of(0, 1, 1, 1));
        assertThat(primaryName).as("primary per group in pg_dist_node")
                .isEqualTo(Map.of(0, cluster.getPrimary(0).getName(), 1, cluster.getPrimary(1).getName()));
    }

    private void assertDistributedReadsAndWrites(long rowsBefore, String payload) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(single(c, "SELECT count(*) FROM events")).isEqualTo(rowsBefore);
            s.execute("INSERT INTO events VALUES (7, 900000 + " + rowsBefore + ", '" + payload + "')");
            assertThat(single(c, "SELECT count(*) FROM events")).isEqualTo(rowsBefore + 1);
            s.execute("DELETE FROM events WHERE payload = '" + payload + "'");
            assertThat(single(c, "SELECT count(DISTINCT tenant_id) FROM events")).isEqualTo(50L);
        }
    }

    /** Nanotime at which a distributed query through the cluster URL first succeeds (failover() returned already). */
    private long awaitDistributedQuery() throws SQLException {
        try (Connection c = connect()) {
            single(c, "SELECT count(*) FROM events");
        }
        return System.nanoTime();
    }

    private static Object single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getObject(1);
        }
    }

    private void figure(String what, long startNanos, double goalSeconds) {
        figure(what, startNanos, System.nanoTime(), goalSeconds);
    }

    /** One figure line, naming the image and the Patroni it runs. */
    private void figure(String what, long startNanos, long endNanos, double goalSeconds) {
        double seconds = (endNanos - startNanos) / 1e9;
        String run = image + " (" + patroni + ")";
        if (Double.isNaN(goalSeconds)) {
            System.out.printf("[patroni-ha] %s: %-70s %6.1f s  (no goal)%n", run, what, seconds);
        } else {
            System.out.printf("[patroni-ha] %s: %-70s %6.1f s  (goal <= %.0f s, ratio %.2f)%n",
                    run, what, seconds, goalSeconds, seconds / goalSeconds);
        }
    }
}
