package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.Nodes;
import io.citustestkit.testsupport.PerLineCluster;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster on the official image unchanged ({@code withTunedImage(false)}), for every test image: the kit starts each
 * node once (the official entrypoint's functions with one server, see PlainImageStart), without TLS, and the nodes
 * work as a cluster, stop cleanly and come back with their data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlainImageIT extends PerLineCluster {

    private static final String SERVER_READY = "database system is ready to accept connections";

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(2).withTunedImage(false);
    }

    @Test
    void distributedAndReferenceTablesWorkAcrossTheWorkers() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE plain_ref (id int PRIMARY KEY, name text)",
                    "SELECT create_reference_table('plain_ref')",
                    "INSERT INTO plain_ref VALUES (1, 'one'), (2, 'two')",
                    "CREATE TABLE plain_events (tenant int, ref int REFERENCES plain_ref (id))",
                    "SELECT create_distributed_table('plain_events', 'tenant', shard_count => 4)",
                    "INSERT INTO plain_events SELECT i, 1 + i % 2 FROM generate_series(1, 100) i");
            assertThat(count(c, "SELECT count(*) FROM plain_events e JOIN plain_ref r ON r.id = e.ref"))
                    .isEqualTo(100);
            assertThat(count(c, "SELECT count(DISTINCT nodename) FROM citus_shards WHERE table_name = 'plain_events'::regclass"))
                    .isEqualTo(2);
            exec(c, "DROP TABLE plain_events", "DROP TABLE plain_ref");
        }
    }

    @Test
    @Order(1) // before a node is restarted
    void everyNodeStartedItsServerOnceAndRanTheImagesInitFiles() throws SQLException {
        for (CitusNode node : Nodes.all(cluster)) {
            // the official start runs a temporary server first and says "ready" twice
            assertThat(node.getLogs().lines().filter(l -> l.contains(SERVER_READY)).count())
                    .as(node.getNetworkAlias()).isEqualTo(1);
            try (Connection c = node.createConnection()) {
                // the image's 001-create-citus-extension.sql ran in the test database
                assertThat(strings(c, "SELECT extname FROM pg_extension")).as(node.getNetworkAlias()).contains("citus");
                assertThat(strings(c, "SELECT metadata ->> 'docker' FROM pg_dist_node_metadata"))
                        .as(node.getNetworkAlias()).containsExactly("true");
            }
        }
    }

    @Test
    void nodesTalkWithoutTls() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            assertThat(strings(c, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .containsExactly("false");
            assertThat(strings(c, "SHOW citus.node_conninfo")).singleElement().asString().startsWith("sslmode=prefer ");
            // node-to-node connections work (and carry the password from pg_dist_authinfo)
            assertThat(strings(c, "SELECT bool_and(result)::text FROM citus_check_cluster_node_health()"))
                    .containsExactly("true");
        }
    }

    @Test
    @Order(2)
    void anAddedWorkerStartsTheSameWayAndTakesShards() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE plain_grow (id bigint PRIMARY KEY)",
                    "SELECT create_distributed_table('plain_grow', 'id', shard_count => 6)",
                    "INSERT INTO plain_grow SELECT generate_series(1, 60)");
        }
        CitusNode added = cluster.addWorker();
        try {
            cluster.rebalance();
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM citus_shards WHERE table_name = 'plain_grow'::regclass"
                        + " AND nodename = '" + added.getRegisteredHost() + "'")).isPositive();
                assertThat(count(c, "SELECT count(*) FROM plain_grow")).isEqualTo(60);
            }
            assertThat(added.getLogs().lines().filter(l -> l.contains(SERVER_READY)).count()).isEqualTo(1);
        } finally {
            cluster.removeWorker(added);
            try (Connection c = cluster.createConnection("")) {
                exec(c, "DROP TABLE plain_grow");
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aStoppedWorkerShutsDownCleanlyAndComesBackWithItsData() throws Exception {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE plain_kept (id bigint PRIMARY KEY)",
                    "SELECT create_distributed_table('plain_kept', 'id', shard_count => 4)",
                    "INSERT INTO plain_kept SELECT generate_series(1, 40)");
        }
        CitusNode worker = cluster.getWorker(0);
        String containerId = worker.getContainer().getContainerId();

        worker.stop();

        var state = worker.getContainer().getDockerClient().inspectContainerCmd(containerId).exec().getState();
        // docker stop's signal reached the server: a fast shutdown, not a kill after the stop timeout (137)
        assertThat(state.getExitCodeLong()).isZero();
        worker.start();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM plain_kept")).isEqualTo(40);
            exec(c, "DROP TABLE plain_kept");
        }
        // without a temporary server at the first start, this line can only come from the stop
        assertThat(worker.getLogs()).contains("database system is shut down");
    }
}
