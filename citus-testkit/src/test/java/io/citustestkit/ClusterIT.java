package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;

import io.citustestkit.testsupport.Nodes;
import io.citustestkit.testsupport.PerImageCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One started cluster per test image; what a user does right after start(). */
class ClusterIT extends PerImageCluster {

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image)
                .withWorkers(2)
                .withShardCount(6)
                .withConfigParameter("work_mem", "5MB")
                .withInitScript("sql/init-tenants.sql");
    }

    @Test
    void coordinatorSeesBothWorkersActiveAndHealthy() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
            assertThat(strings(c, "SELECT bool_and(result)::text FROM citus_check_cluster_node_health()"))
                    .containsExactly("true");
            assertThat(strings(c, "SELECT nodename FROM pg_dist_node WHERE groupid = 0")).containsExactly("coordinator");
        }
        assertThat(cluster.getWorkers()).extracting(CitusNode::getNetworkAlias).containsExactly("worker-1", "worker-2");
        assertThat(cluster.getWorkers()).extracting(CitusNode::getRole).containsOnly(CitusNode.Role.WORKER);
        assertThat(cluster.getCoordinator().getRole()).isEqualTo(CitusNode.Role.COORDINATOR);
    }

    @Test
    void theClusterRunsTheCitusAndPostgresOfItsImage() throws SQLException {
        // the tag names the Citus version (12.1.12-pg15, 13.2.0, 14.0.0-pg17): the cluster reports that one
        String tag = image.substring(image.lastIndexOf(':') + 1);
        String citus = tag.split("-")[0];
        assertThat(cluster.getCitusVersion()).isEqualTo(citus);
        try (Connection c = cluster.createConnection("")) {
            assertThat(strings(c, "SELECT current_setting('server_version')")).singleElement()
                    .asString().startsWith(cluster.getPostgresVersion());
            for (CitusNode worker : cluster.getWorkers()) {
                try (Connection w = worker.createConnection()) {
                    assertThat(strings(w, "SELECT citus_version()")).singleElement().asString()
                            .as(worker.getNetworkAlias()).startsWith("Citus " + citus + " ");
                }
            }
        }
        if (tag.contains("-pg")) {
            assertThat(cluster.getPostgresVersion()).startsWith(tag.substring(tag.indexOf("-pg") + 3) + ".");
        }
    }

    @Test
    void nodesRunWithoutTheImagesDockerHealthcheck() {
        // the kit checks readiness and health itself; the image's check would run a process in every node every 2 s
        for (CitusNode node : Nodes.all(cluster)) {
            assertThat(node.getContainer().getContainerInfo().getConfig().getHealthcheck().getTest())
                    .as(node.getNetworkAlias()).containsExactly("NONE");
            // no health state (Docker), or one without a status (Podman reports an empty one): no check runs
            assertThat(Optional.ofNullable(node.getContainer().getCurrentContainerInfo().getState().getHealth())
                    .map(h -> h.getStatus()).orElse("")).as(node.getNetworkAlias()).isEmpty();
        }
    }

    @Test
    void distributedTableIsCreatedFilledAndQueriedWithPlacementsOnEveryWorker() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE events (tenant_id bigint, id bigint, payload text, PRIMARY KEY (tenant_id, id))");
            exec(c, "SELECT create_distributed_table('events', 'tenant_id')");
            exec(c, "INSERT INTO events SELECT t, i, 'p' FROM generate_series(1, 20) t, generate_series(1, 5) i");
            assertThat(count(c, "SELECT count(*) FROM events")).isEqualTo(100);
            assertThat(count(c, "SELECT count(*) FROM events WHERE tenant_id = 7")).isEqualTo(5);
            assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'events'::regclass"
                    + " ORDER BY 1")).containsExactly("worker-1", "worker-2");
            // the rows are on the workers: read on each worker, they add up to all rows, on more than one worker
            Map<String, Long> rowsPerWorker = new LinkedHashMap<>();
            for (CitusNode worker : cluster.getWorkers()) {
                rowsPerWorker.put(worker.getNetworkAlias(), Nodes.rowsInShards(worker, "events"));
            }
            assertThat(rowsPerWorker.values().stream().mapToLong(Long::longValue).sum())
                    .as("rows in the shards of events on the workers %s", rowsPerWorker).isEqualTo(100);
            assertThat(rowsPerWorker.values()).as("workers holding rows of events: %s", rowsPerWorker)
                    .filteredOn(rows -> rows > 0).hasSizeGreaterThan(1);
            // withShardCount(6) is citus.shard_count on the coordinator
            assertThat(count(c, "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'events'::regclass"))
                    .isEqualTo(6);
            exec(c, "DROP TABLE events");
        }
    }

    @Test
    void referenceTableIsReplicatedToEveryWorker() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE countries (code text PRIMARY KEY, name text)");
            exec(c, "SELECT create_reference_table('countries')");
            exec(c, "INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France')");
            assertThat(count(c, "SELECT count(*) FROM countries")).isEqualTo(2);
            assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'countries'::regclass"
                    + " AND nodename LIKE 'worker-%' ORDER BY 1")).containsExactly("worker-1", "worker-2");
            // and every worker holds the rows itself, read on the worker
            for (CitusNode worker : cluster.getWorkers()) {
                assertThat(Nodes.rowsInShards(worker, "countries")).as("rows of countries on %s",
                        worker.getNetworkAlias()).isEqualTo(2);
            }
            exec(c, "DROP TABLE countries");
        }
    }

    @Test
    void initScriptRanOnTheCoordinatorAfterRegistration() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            assertThat(strings(c, "SELECT tenant_name(2)")).containsExactly("globex");
            assertThat(strings(c, "SELECT partmethod::text FROM pg_dist_partition WHERE logicalrelid = 'tenants'::regclass"))
                    .containsExactly("h");
        }
    }

    @Test
    void configParameterAppliesOnEveryNode() throws SQLException {
        List<CitusNode> nodes = new ArrayList<>(cluster.getWorkers());
        nodes.add(cluster.getCoordinator());
        for (CitusNode node : nodes) {
            try (Connection c = node.createConnection()) {
                assertThat(strings(c, "SHOW work_mem")).as(node.getNetworkAlias()).containsExactly("5MB");
                assertThat(strings(c, "SHOW citus.shard_count")).as(node.getNetworkAlias()).containsExactly("6");
                assertThat(strings(c, "SHOW fsync")).as(node.getNetworkAlias()).containsExactly("off");
            }
        }
    }

    @Test
    void eachNodeIsReachableFromTheTestJvmAndKnowsItsNodeId() throws SQLException {
        Set<Integer> ids = new HashSet<>();
        for (CitusNode worker : cluster.getWorkers()) {
            assertThat(worker.getJdbcUrl()).startsWith("jdbc:postgresql://").endsWith("/test");
            try (Connection c = worker.createConnection(); PreparedStatement p = c.prepareStatement(
                    "SELECT nodeid FROM pg_dist_node WHERE nodename = ?")) {
                p.setString(1, worker.getNetworkAlias());
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(worker.getNodeId());
                }
            }
            ids.add(worker.getNodeId());
        }
        assertThat(ids).hasSize(2);
        assertThat(cluster.getJdbcUrl()).isEqualTo(cluster.getCoordinator().getJdbcUrl());
    }

    @Test
    void workerIndexesAreZeroBasedAndOutOfRangeIsExplained() {
        assertThat(cluster.getWorker(0).getNetworkAlias()).isEqualTo("worker-1");
        assertThat(cluster.getWorker(1).getNetworkAlias()).isEqualTo("worker-2");
        assertThatThrownBy(() -> cluster.getWorker(2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("worker index was 2; allowed: 0..1 (this cluster has 2 workers)");
    }
}
