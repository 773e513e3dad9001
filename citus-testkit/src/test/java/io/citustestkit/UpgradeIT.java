package io.citustestkit;

import static io.citustestkit.assertj.CitusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * upgradeTo(image) on the local stand-ins, same PostgreSQL major: rows written on the old Citus (distributed, reference
 * and local tables) are all there after, on the same shards and nodes; every node runs the new Citus with the
 * extension updated; the cluster is healthy, takes new distributed tables, a new worker and a rebalance, and the
 * kit's assertions hold. Tuned image (the baked data directory used in place) and the plain image (its volume).
 */
class UpgradeIT {

    static Stream<Arguments> upgrades() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] pair : TestImages.upgrades()) {
            cases.add(Arguments.of(pair[0], pair[1], true));
        }
        String[] first = TestImages.upgrades().get(0);
        cases.add(Arguments.of(first[0], first[1], false));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}, tuned image: {2}")
    @MethodSource("upgrades")
    void everyRowShardAndNodeSurvivesAndTheClusterRunsTheNewCitus(String from, String to, boolean tuned)
            throws SQLException {
        TestImages.assumeAvailable(from);
        TestImages.assumeAvailable(to);
        String expected = citusVersionOfTag(to);
        try (CitusClusterContainer cluster = new CitusClusterContainer(from).withWorkers(2).withShardCount(8)
                .withTunedImage(tuned)) {
            cluster.start();
            try (Connection c = cluster.createConnection("")) {
                Sql.exec(c, "CREATE TABLE countries (code text PRIMARY KEY, name text)",
                        "SELECT create_reference_table('countries')",
                        "INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France')",
                        "CREATE TABLE orders (tenant_id bigint, id bigint, country text, amount numeric,"
                                + " PRIMARY KEY (tenant_id, id))",
                        "SELECT create_distributed_table('orders', 'tenant_id')",
                        "INSERT INTO orders SELECT t, i, CASE WHEN i % 2 = 0 THEN 'de' ELSE 'fr' END, i * 1.5"
                                + " FROM generate_series(1, 20) t, generate_series(1, 50) i",
                        "CREATE TABLE notes (id int PRIMARY KEY, body text)",
                        "INSERT INTO notes SELECT i, 'note ' || i FROM generate_series(1, 30) i");
            }
            Map<String, Object> before = state(cluster);
            String url = cluster.getJdbcUrl();
            Map<String, Integer> nodeIds = nodeIds(cluster);
            assertThat(cluster.getCitusVersion()).as("Citus before").isNotEqualTo(expected);

            cluster.upgradeTo(to);

            assertThat(state(cluster)).as("rows, checksums and shard placements after the upgrade").isEqualTo(before);
            assertThat(nodeIds(cluster)).as("node names and ids after the upgrade").isEqualTo(nodeIds);
            assertThat(cluster.getJdbcUrl()).as("the coordinator's JDBC URL").isEqualTo(url);
            assertThat(cluster.getCitusVersion()).isEqualTo(expected);
            assertThat(cluster.getBaseImage().asCanonicalNameString()).isEqualTo(to);
            for (CitusNode node : nodes(cluster)) {
                try (Connection n = node.createConnection()) {
                    assertThat(Sql.strings(n, "SELECT citus_version()").get(0)).as("citus_version() on " + node)
                            .startsWith("Citus " + expected + " ");
                    String citusExtensions = " FROM pg_extension e JOIN pg_available_extensions a ON a.name = e.extname"
                            + " WHERE e.extname LIKE 'citus%' ORDER BY 1";
                    assertThat(Sql.strings(n, "SELECT e.extname || ' ' || e.extversion" + citusExtensions))
                            .as("the installed Citus extensions (citus, citus_columnar) on " + node
                                    + " are the versions its image offers")
                            .contains("citus " + Sql.strings(n, "SELECT default_version FROM pg_available_extensions"
                                    + " WHERE name = 'citus'").get(0))
                            .isEqualTo(Sql.strings(n, "SELECT e.extname || ' ' || a.default_version" + citusExtensions));
                }
            }
            try (Connection c = cluster.createConnection("")) {
                assertThat(Sql.strings(c, "SELECT DISTINCT result::text FROM citus_check_cluster_node_health()"))
                        .as("citus_check_cluster_node_health()").containsExactly("true");
                Sql.exec(c, "CREATE TABLE items (tenant_id bigint, order_id bigint, sku text)",
                        "SELECT create_distributed_table('items', 'tenant_id', colocate_with => 'orders')",
                        "INSERT INTO items SELECT tenant_id, id, 'sku' FROM orders WHERE id <= 2");
                assertThat(Sql.count(c, "SELECT count(*) FROM orders o JOIN items i ON i.tenant_id = o.tenant_id"
                        + " AND i.order_id = o.id JOIN countries co ON co.code = o.country")).isEqualTo(40);
            }
            assertThat(cluster).hasActiveWorkers(2);
            assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("tenant_id").hasShardCount(8)
                    .isColocatedWith("items").hasShardsOnEveryWorker();
            assertThat(cluster).table("countries").isReferenceTable();
            assertThat(cluster).table("notes").isLocalTable();
            assertThat(cluster).query("SELECT sum(amount) FROM orders WHERE tenant_id = 7").isRouterQuery();
            assertThat(cluster).statementsDuring(() -> {
                try (Connection c = cluster.createConnection("")) {
                    Sql.count(c, "SELECT count(*) FROM orders WHERE tenant_id = 3");
                }
            }).areAllRouterQueries();

            CitusNode added = cluster.addWorker();
            cluster.rebalance();
            try (Connection n = added.createConnection()) {
                assertThat(Sql.strings(n, "SELECT citus_version()").get(0)).as("the worker added after the upgrade")
                        .startsWith("Citus " + expected + " ");
            }
            assertThat(cluster).hasActiveWorkers(3);
            assertThat(cluster).table("orders").hasShardsOnEveryWorker();
            try (Connection c = cluster.createConnection("")) {
                assertThat(Sql.count(c, "SELECT count(*) FROM orders")).as("rows after the rebalance").isEqualTo(1000);
            }
        }
    }

    /** A node that does not come up on the new image (its Citus library gone) ends the cluster, naming node and image. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("firstPair")
    void aNodeThatDoesNotComeUpNamesNodeAndImageAndNothingIsLeft(String from, String to) {
        TestImages.assumeAvailable(from);
        TestImages.assumeAvailable(to);
        String broken = UpgradeRefusalIT.brokenImage(to);
        CitusClusterContainer cluster = new CitusClusterContainer(from).withWorkers(1).withTunedImage(false);
        try {
            cluster.start();
            String id = cluster.getClusterId();
            assertThatThrownBy(() -> cluster.upgradeTo(org.testcontainers.utility.DockerImageName.parse(broken)
                    .asCompatibleSubstituteFor("citusdata/citus")))
                    .isInstanceOf(CitusNodeStartupException.class)
                    .hasMessageContaining("(image " + broken + ") did not start")
                    .satisfies(e -> assertThat(((CitusNodeStartupException) e).getNodeName())
                            .isIn("coordinator", "worker-1"));
            assertThat(io.citustestkit.testsupport.DockerResources.containersOf(id)).as("containers left").isEmpty();
            assertThat(io.citustestkit.testsupport.DockerResources.networksOf(id)).as("networks left").isEmpty();
            cluster.stop(); // stoppable: nothing to do
        } finally {
            cluster.stop();
            UpgradeRefusalIT.removeImage(broken);
        }
    }

    /** Host-reachable nodes are registered under host:port: the same after the upgrade, and healthy. */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("firstPair")
    void hostReachableNodesKeepTheirRegisteredAddresses(String from, String to) throws SQLException {
        TestImages.assumeAvailable(from);
        TestImages.assumeAvailable(to);
        try (CitusClusterContainer cluster = new CitusClusterContainer(from).withWorkers(1)
                .withHostReachableNodes(true)) {
            cluster.start();
            String nodes = "SELECT string_agg(nodeid || '=' || nodename || ':' || nodeport, ',' ORDER BY nodeid)"
                    + " FROM pg_dist_node";
            List<String> before;
            try (Connection c = cluster.createConnection("")) {
                before = Sql.strings(c, nodes);
            }
            cluster.upgradeTo(to);
            try (Connection c = cluster.createConnection("")) {
                assertThat(Sql.strings(c, nodes)).as("pg_dist_node after the upgrade").isEqualTo(before);
                assertThat(Sql.strings(c, "SELECT DISTINCT result::text FROM citus_check_cluster_node_health()"))
                        .containsExactly("true");
            }
            try (Connection w = cluster.getWorker(0).createConnection()) {
                assertThat(Sql.strings(w, "SELECT citus_version()").get(0)).startsWith("Citus " + citusVersionOfTag(to));
            }
        }
    }

    static Stream<Arguments> firstPair() {
        String[] first = TestImages.upgrades().get(0);
        return Stream.of(Arguments.of(first[0], first[1]));
    }

    /** "citusdata/citus:13.2.0-pg15" -> "13.2.0": what the test expects from the image's name, not from the kit. */
    static String citusVersionOfTag(String image) {
        String tag = image.substring(image.lastIndexOf(':') + 1);
        return tag.split("-")[0];
    }

    private static List<CitusNode> nodes(CitusClusterContainer cluster) {
        List<CitusNode> nodes = new ArrayList<>(List.of(cluster.getCoordinator()));
        nodes.addAll(cluster.getWorkers());
        return nodes;
    }

    private static Map<String, Integer> nodeIds(CitusClusterContainer cluster) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (CitusNode n : nodes(cluster)) {
            ids.put(n.getNetworkAlias(), n.getNodeId());
        }
        return ids;
    }

    /** Row counts and sums per table, and every shard placement (table, shard, node). */
    private static Map<String, Object> state(CitusClusterContainer cluster) throws SQLException {
        Map<String, Object> s = new LinkedHashMap<>();
        try (Connection c = cluster.createConnection("")) {
            s.put("orders", Sql.strings(c, "SELECT count(*) || '/' || sum(tenant_id * 1000 + id) || '/' || sum(amount)"
                    + " FROM orders"));
            s.put("orders by country", Sql.strings(c, "SELECT country || ':' || count(*) FROM orders GROUP BY country ORDER BY 1"));
            s.put("countries", Sql.strings(c, "SELECT code || '=' || name FROM countries ORDER BY 1"));
            s.put("notes", Sql.strings(c, "SELECT count(*) || '/' || sum(id) FROM notes"));
            s.put("placements", Sql.strings(c, "SELECT s.logicalrelid::text || ' ' || s.shardid || ' ' || n.nodename"
                    + " || ':' || n.nodeport FROM pg_dist_shard s JOIN pg_dist_placement p USING (shardid)"
                    + " JOIN pg_dist_node n ON n.groupid = p.groupid ORDER BY s.shardid, n.nodename"));
        }
        return s;
    }
}
