package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.citustestkit.junit.CitusCluster;
import io.citustestkit.testsupport.DirectClient;
import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * {@code @CitusCluster(hostReachableNodes = true)}: a program in the test JVM that reads the workers from Citus'
 * metadata and connects to each {@code node_name:node_port} itself reaches every node, also after a restart, a grow
 * and a shrink; a reused cluster has the same addresses; two such clusters under JUnit parallel execution get their
 * own ports.
 */
@CitusCluster(workers = 2, hostReachableNodes = true, shared = false)
class HostReachableIT {

    @BeforeAll
    static void fill(CitusClusterContainer cluster) throws SQLException {
        Sql.distributedTable(cluster, "events", 4, 20, 5);
    }

    private static String registered(CitusNode node) {
        return node.getRegisteredHost() + ":" + node.getRegisteredPort();
    }

    @Test
    void aClientReadsEveryShardPlacementOnTheNodeTheMetadataNames(CitusClusterContainer cluster) throws SQLException {
        DirectClient client = DirectClient.of(cluster);
        assertThat(client.activeWorkers()).containsExactlyInAnyOrderElementsOf(
                cluster.getWorkers().stream().map(HostReachableIT::registered).collect(Collectors.toList()));
        assertThat(client.activeWorkers()).noneMatch(w -> w.startsWith("worker-"));
        Map<String, Long> rows = client.rowsPerPlacement("events");
        assertThat(rows).as("rows per placement %s", rows).hasSize(4);
        assertThat(rows.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(rows.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct())
                .as("placements %s", rows.keySet()).hasSize(2);
    }

    @Test
    void theCoordinatorIsRegisteredAndReachedTheSameWay(CitusClusterContainer cluster) throws SQLException {
        CitusNode coordinator = cluster.getCoordinator();
        try (Connection c = cluster.createConnection("")) {
            assertThat(Sql.strings(c,
                    "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid = 0"))
                    .containsExactly(registered(coordinator));
        }
        assertThat(DirectClient.of(cluster).selectOne(registered(coordinator))).isEqualTo(1);
        assertThat(coordinator.getJdbcUrl()).contains("//" + registered(coordinator) + "/");
        for (CitusNode node : cluster.getWorkers()) {
            assertThat(node.getJdbcUrl()).contains("//" + registered(node) + "/");
            assertThat(cluster.hostAddressOf(node.getRegisteredHost(), node.getRegisteredPort()))
                    .isEqualTo(new InetSocketAddress(node.getRegisteredHost(), node.getRegisteredPort()));
        }
    }

    @Test
    void aWorkerStartedAgainKeepsItsAddress(CitusClusterContainer cluster) throws SQLException {
        CitusNode worker = cluster.getWorker(0);
        String before = registered(worker);
        worker.stop();
        worker.start();
        assertThat(registered(worker)).isEqualTo(before);
        assertThat(DirectClient.of(cluster).activeWorkers()).contains(before);
        assertThat(DirectClient.of(cluster).selectOne(before)).isEqualTo(1);
        assertThat(DirectClient.of(cluster).rowsPerPlacement("events").values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(100);
    }

    @Test
    void anAddedWorkerIsReachedAndARemovedOneIsGone(CitusClusterContainer cluster) throws SQLException {
        CitusNode added = cluster.addWorker();
        String address = registered(added);
        DirectClient client = DirectClient.of(cluster);
        assertThat(client.activeWorkers()).hasSize(3).contains(address);
        assertThat(client.selectOne(address)).isEqualTo(1);
        cluster.removeWorker(added);
        assertThat(client.activeWorkers()).hasSize(2).doesNotContain(address);
        for (String worker : client.activeWorkers()) {
            assertThat(client.selectOne(worker)).as(worker).isEqualTo(1);
        }
    }

    @Test
    void thePlainImageIsReachedTheSameWay() throws SQLException {
        // the plain image's nodes authenticate to each other with pg_dist_authinfo, the tuned one's with a password file
        try (CitusClusterContainer plain = new CitusClusterContainer(TestImages.primary()).withWorkers(1)
                .withTunedImage(false).withHostReachableNodes(true)) {
            plain.start();
            DirectClient client = DirectClient.of(plain);
            assertThat(client.activeWorkers()).containsExactly(registered(plain.getWorker(0)));
            assertThat(client.selectOne(registered(plain.getWorker(0)))).isEqualTo(1);
            assertThat(client.selectOne(registered(plain.getCoordinator()))).isEqualTo(1);
        }
    }

    @Test
    void aReusedClusterHasTheSameAddresses() throws SQLException {
        Assumptions.assumeTrue(TestcontainersConfiguration.getInstance().environmentSupportsReuse(),
                "container reuse is not enabled (TESTCONTAINERS_REUSE_ENABLE=true)");
        String tag = "host-reachable-reuse-it-" + ProcessHandle.current().pid();
        CitusClusterContainer first = new CitusClusterContainer(TestImages.primary()).withWorkers(1)
                .withHostReachableNodes(true).withReuse(true).withConfigParameter("application_name", tag);
        CitusClusterContainer second = new CitusClusterContainer(TestImages.primary()).withWorkers(1)
                .withHostReachableNodes(true).withReuse(true).withConfigParameter("application_name", tag);
        try {
            first.start();
            second.start();
            assertThat(second.getContainerId()).isEqualTo(first.getContainerId());
            assertThat(registered(second.getWorker(0))).isEqualTo(registered(first.getWorker(0)));
            assertThat(DirectClient.of(second).activeWorkers()).containsExactly(registered(first.getWorker(0)));
            assertThat(DirectClient.of(second).selectOne(registered(second.getWorker(0)))).isEqualTo(1);
        } finally {
            first.stop();
        }
    }

    /** What each class of the parallel run below reached: its coordinator's and its worker's address. */
    static final Map<String, List<String>> REACHED = new ConcurrentHashMap<>();

    static void reachEveryNode(String who, CitusClusterContainer cluster) throws SQLException {
        List<String> nodes = new ArrayList<>(DirectClient.of(cluster).activeWorkers());
        nodes.add(registered(cluster.getCoordinator()));
        for (String node : nodes) {
            assertThat(DirectClient.of(cluster).selectOne(node)).as(node).isEqualTo(1);
        }
        REACHED.put(who, nodes);
    }

    @CitusCluster(workers = 1, hostReachableNodes = true, shared = false)
    static class ParallelA {
        @Test
        void reachesEveryNode(CitusClusterContainer cluster) throws SQLException {
            reachEveryNode("A", cluster);
        }
    }

    @CitusCluster(workers = 1, hostReachableNodes = true, shared = false)
    static class ParallelB {
        @Test
        void reachesEveryNode(CitusClusterContainer cluster) throws SQLException {
            reachEveryNode("B", cluster);
        }
    }

    @Test
    void twoClustersUnderJUnitParallelExecutionGetTheirOwnPorts() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ParallelA.class), selectClass(ParallelB.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, TestImages.primary())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .execute().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
        assertThat(REACHED).containsOnlyKeys("A", "B");
        List<String> all = REACHED.values().stream().flatMap(List::stream).collect(Collectors.toList());
        assertThat(all).as("addresses of both clusters %s", REACHED).hasSize(4).doesNotHaveDuplicates();
    }
}
