package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.Nodes;
import io.citustestkit.testsupport.PerLineCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A tuned cluster with its own user, password and database: every node starts from the data directory baked into
 * the image (no initdb), with those credentials applied; the baked ones (test/test/test) are refused everywhere, and
 * Citus' node-to-node connections (registration, distributed queries, 2PC) work with the new ones.
 */
class OwnCredentialsIT extends PerLineCluster {

    /** A space and upper case in the user, quotes, a backslash, a non-ASCII letter and an ampersand in the password. */
    private static final String USER = "Ads App";
    private static final String PASSWORD = "s3'cr\\et \"ü\" &";
    private static final String DATABASE = "ads";

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(2).withUsername(USER).withPassword(PASSWORD)
                .withDatabaseName(DATABASE);
    }

    @Test
    void everyNodeAnswersWithTheNewCredentials() throws SQLException {
        assertThat(cluster.getUsername()).isEqualTo(USER);
        for (CitusNode node : Nodes.all(cluster)) {
            try (Connection c = node.createConnection()) {
                assertThat(strings(c, "SELECT current_user || '@' || current_database()")).as(node.getNetworkAlias())
                        .containsExactly(USER + "@" + DATABASE);
            }
        }
        try (Connection c = DriverManager.getConnection(cluster.getJdbcUrl(), USER, PASSWORD)) {
            assertThat(count(c, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo(1);
        }
    }

    @Test
    void theBakedCredentialsAreRefusedOnEveryNode() throws SQLException {
        for (CitusNode node : Nodes.all(cluster)) {
            assertThatThrownBy(() -> connect(node, "test", "test", "test").close()).as(node.getNetworkAlias())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            // the new user cannot reach a database named test either: it is gone
            assertThatThrownBy(() -> connect(node, USER, PASSWORD, "test").close()).as(node.getNetworkAlias())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("3D000"));
            try (Connection c = node.createConnection()) {
                assertThat(strings(c, "SELECT rolname FROM pg_roles WHERE rolname IN ('test', 'ctk_adapt')"))
                        .as(node.getNetworkAlias()).isEmpty();
            }
        }
    }

    @Test
    void nodeToNodeConnectionsUseTheNewCredentials() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
            assertThat(strings(c, "SELECT bool_and(result)::text FROM citus_check_cluster_node_health()"))
                    .containsExactly("true");
            assertThat(strings(c, "SELECT result FROM run_command_on_workers($$SELECT current_user$$)"))
                    .containsOnly(USER).hasSize(2);

            exec(c, "CREATE TABLE ads (campaign_id bigint, id bigint, PRIMARY KEY (campaign_id, id))",
                    "SELECT create_distributed_table('ads', 'campaign_id', shard_count => 4)",
                    "CREATE TABLE countries (code text PRIMARY KEY)",
                    "SELECT create_reference_table('countries')",
                    "INSERT INTO countries VALUES ('de'), ('fr')",
                    "INSERT INTO ads SELECT c, i FROM generate_series(1, 10) c, generate_series(1, 3) i");
            assertThat(count(c, "SELECT count(*) FROM ads")).isEqualTo(30);
            assertThat(count(c, "SELECT count(*) FROM ads a JOIN countries ON true WHERE a.campaign_id = 3"))
                    .isEqualTo(6);
            assertThat(strings(c, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'ads'::regclass"
                    + " ORDER BY 1")).containsExactly("worker-1", "worker-2");
        }
        long onWorkers = 0;
        for (CitusNode worker : cluster.getWorkers()) {
            onWorkers += Nodes.rowsInShards(worker, "ads");
        }
        assertThat(onWorkers).as("rows of ads held by the workers themselves").isEqualTo(30);
    }

    @Test
    void everyNodeStartsFromTheBakedDirectoryAndIsItsOwnCitusNode() throws SQLException {
        Set<String> serverIds = new HashSet<>();
        Map<String, String> logs = new TreeMap<>();
        for (CitusNode node : Nodes.all(cluster)) {
            try (Connection c = node.createConnection()) {
                assertThat(strings(c, "SHOW data_directory")).as(node.getNetworkAlias())
                        .containsExactly(TunedImages.BAKED_DATA_DIRECTORY);
                serverIds.addAll(strings(c, "SELECT metadata ->> 'server_id' FROM pg_dist_node_metadata"));
            }
            logs.put(node.getNetworkAlias(), node.getLogs());
        }
        assertThat(serverIds).hasSize(3);
        assertThat(logs).allSatisfy((node, log) -> assertThat(log).as(node).contains("fast start")
                .doesNotContain("initdb").doesNotContain(PASSWORD));
        for (CitusNode node : Nodes.all(cluster)) {
            assertThat(node.getContainer().getContainerInfo().getConfig().getLabels().values())
                    .as(node.getNetworkAlias()).noneMatch(v -> v.contains(PASSWORD));
        }
    }

    @Test
    void aStoppedWorkerComesBackWithTheNewCredentialsAndAnAddedWorkerJoins() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE visits (site_id bigint, n int)",
                    "SELECT create_distributed_table('visits', 'site_id', shard_count => 4)",
                    "INSERT INTO visits SELECT s, 1 FROM generate_series(1, 20) s");
        }
        CitusNode worker = cluster.getWorker(1);
        worker.stop();
        worker.start();
        try (Connection c = cluster.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM visits")).isEqualTo(20);
        }

        CitusNode added = cluster.addWorker();
        try {
            try (Connection c = cluster.createConnection("")) {
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(3);
                assertThat(strings(c, "SELECT bool_and(result)::text FROM citus_check_cluster_node_health()"))
                        .containsExactly("true");
            }
            try (Connection c = added.createConnection()) {
                assertThat(strings(c, "SELECT current_user || '@' || current_database()"))
                        .containsExactly(USER + "@" + DATABASE);
            }
            assertThatThrownBy(() -> connect(added, "test", "test", "test").close()).isInstanceOf(SQLException.class);
        } finally {
            cluster.removeWorker(added);
        }
    }

    /** A connection over TCP to one node with the given credentials (its mapped port from the test JVM). */
    private static Connection connect(CitusNode node, String user, String password, String database)
            throws SQLException {
        String url = node.getJdbcUrl();
        String base = url.substring(0, url.indexOf('/', "jdbc:postgresql://".length()) + 1);
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(base + database, p);
    }
}
