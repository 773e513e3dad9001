package io.citustestkit.assertj;

import static io.citustestkit.assertj.CitusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Every assertion, passing and failing (with its message checked), against a real 1 + 2 cluster per test image
 * (one cluster per image, started once). An image that is absent skips its invocation with a reason naming it.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.citustestkit.testsupport.TestImages#all")
class CitusAssertionsIT {

    /** The tables the assertions look at: every kind Citus has, a schema with a quoted name, a view. */
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE orders (tenant_id bigint, id bigint, amount numeric, PRIMARY KEY (tenant_id, id))",
            "SELECT create_distributed_table('orders', 'tenant_id', shard_count => 4)",
            "CREATE TABLE order_items (tenant_id bigint, order_id bigint, item text)",
            "SELECT create_distributed_table('order_items', 'tenant_id', colocate_with => 'orders')",
            "CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint)",
            "SELECT create_distributed_table('events', 'id', shard_count => 6)",
            "CREATE TABLE lonely (id bigint PRIMARY KEY)",
            "SELECT create_distributed_table('lonely', 'id', shard_count => 1)",
            "CREATE TABLE notes (id bigint, body text)",
            "SELECT create_distributed_table('notes', NULL)",
            "CREATE TABLE countries (code text PRIMARY KEY, name text)",
            "SELECT create_reference_table('countries')",
            "CREATE TABLE audit_log (id bigint PRIMARY KEY, note text)",
            "SELECT citus_add_local_table_to_metadata('audit_log')",
            "CREATE TABLE scratch (id bigint PRIMARY KEY, note text)",
            "CREATE VIEW order_totals AS SELECT tenant_id, sum(amount) AS total FROM orders GROUP BY tenant_id",
            "CREATE SCHEMA app",
            "CREATE TABLE app.\"Orders\" (\"TenantId\" text, id bigint, PRIMARY KEY (\"TenantId\", id))",
            "SELECT create_distributed_table('app.\"Orders\"', 'TenantId', shard_count => 4)");

    static final String NL = System.lineSeparator();

    static CitusClusterContainer cluster;

    @Parameter
    String image;

    @BeforeParameterizedClassInvocation
    static void startCluster(String image) throws Exception {
        if (TestImages.unavailableReason(image) != null) {
            return; // every test of this invocation is skipped with the reason, see skipWithoutImage()
        }
        cluster = new CitusClusterContainer(image).withWorkers(2);
        cluster.start();
        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
        }
    }

    @AfterParameterizedClassInvocation
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }

    /** Skips each test (not only the invocation, whose reason the Failsafe report would not show) naming the image. */
    @BeforeEach
    void skipWithoutImage() {
        TestImages.assumeAvailable(image);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable assertion) {
        return assertThatThrownBy(assertion).isInstanceOf(AssertionError.class);
    }

    /** A numeric mismatch: an opentest4j error with actual and expected, which IDEs show as a diff. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertFailsWith(int actual, int expected,
            ThrowingCallable assertion) {
        return assertFails(assertion).isInstanceOfSatisfying(AssertionFailedError.class, e -> {
            assertThat(e.getActual().getValue()).isEqualTo(actual);
            assertThat(e.getExpected().getValue()).isEqualTo(expected);
        });
    }

    // ------------------------------------------------------------------------------------------------
    // cluster
    // ------------------------------------------------------------------------------------------------

    @Test
    void hasActiveWorkers() {
        assertThat(cluster).hasActiveWorkers(2);

        List<String> workers = cluster.getWorkers().stream()
                .map(w -> w.getRegisteredHost() + ":" + w.getRegisteredPort()).toList();
        assertFailsWith(2, 3, () -> assertThat(cluster).hasActiveWorkers(3))
                .hasMessageContainingAll("to have 3 active workers", "but was:" + NL + "  2 active workers",
                        "    " + workers.get(0), "    " + workers.get(1), "Workers in pg_dist_node:",
                        workers.get(0) + " (active, primary)");
    }

    // ------------------------------------------------------------------------------------------------
    // tables
    // ------------------------------------------------------------------------------------------------

    @Test
    void isDistributed() {
        assertThat(cluster).table("orders").isDistributed();
        assertThat(cluster).table("public.orders").isDistributed();
        assertThat(cluster).table("\"public\".\"orders\"").isDistributed();
        assertThat(cluster).table("notes").isDistributed(); // single-shard distributed, no distribution column

        assertFails(() -> assertThat(cluster).table("countries").isDistributed())
                .hasMessage(NL + "Expecting table:" + NL + "  public.countries" + NL + "to be distributed" + NL
                        + "but was:" + NL + "  a reference table (partition method none, replicated to every node,"
                        + " no distribution column, colocation id %s, 1 shard)", colocationId("countries"));
        assertFails(() -> assertThat(cluster).table("audit_log").isDistributed())
                .hasMessageContaining("but was:" + NL + "  a Citus-local table");
        assertFails(() -> assertThat(cluster).table("scratch").isDistributed())
                .hasMessageContaining("but was:" + NL + "  a plain PostgreSQL table (not in pg_dist_partition");
    }

    @Test
    void aMissingTableFailsEveryTableAssertion() {
        assertFails(() -> assertThat(cluster).table("no_such_table").isDistributed())
                .hasMessage(NL + "Expecting table:" + NL + "  no_such_table" + NL + "to be distributed" + NL
                        + "but it does not exist: to_regclass('no_such_table') is NULL (search_path: \"$user\", public)");
        assertFails(() -> assertThat(cluster).table("no_such_table").hasShardCount(4))
                .hasMessageContainingAll("to have 4 shards", "does not exist");
        assertFails(() -> assertThat(cluster).table("orders").isColocatedWith("no_such_table"))
                .hasMessageContainingAll("  no_such_table", "to exist, as the table public.orders should be co-located with it",
                        "to_regclass('no_such_table') is NULL");
    }

    @Test
    void namesResolveLikeRegclass() {
        assertThat(cluster).table("app.\"Orders\"").isDistributed().hasDistributionColumn("TenantId");
        // unquoted names fold to lower case, as in SQL
        assertFails(() -> assertThat(cluster).table("app.Orders").isDistributed())
                .hasMessageContaining("to_regclass('app.Orders') is NULL");
        assertFails(() -> assertThat(cluster).table("a.b.c.d").isDistributed())
                .hasMessageContainingAll("but the name is not valid: to_regclass('a.b.c.d') failed:", "a.b.c.d");
    }

    @Test
    void isReferenceTable() {
        assertThat(cluster).table("countries").isReferenceTable();

        assertFails(() -> assertThat(cluster).table("orders").isReferenceTable())
                .hasMessage(NL + "Expecting table:" + NL + "  public.orders" + NL + "to be a reference table" + NL
                        + "but was:" + NL + "  a distributed table (partition method hash, distribution column tenant_id"
                        + " bigint, colocation id %s, 4 shards)", colocationId("orders"));
    }

    @Test
    void isLocalTable() {
        assertThat(cluster).table("scratch").isLocalTable();
        assertThat(cluster).table("audit_log").isLocalTable(); // Citus-local

        assertFails(() -> assertThat(cluster).table("orders").isLocalTable())
                .hasMessageContainingAll("to be a local table (plain or Citus-local)", "but was:" + NL
                        + "  a distributed table (partition method hash");
        assertFails(() -> assertThat(cluster).table("countries").isLocalTable())
                .hasMessageContaining("but was:" + NL + "  a reference table");
        assertFails(() -> assertThat(cluster).table("order_totals").isLocalTable())
                .hasMessageContaining("but was:" + NL + "  a view, not a table");
    }

    @Test
    void hasDistributionColumn() {
        assertThat(cluster).table("orders").hasDistributionColumn("tenant_id").hasDistributionColumn("TENANT_ID");
        assertThat(cluster).table("app.\"Orders\"").hasDistributionColumn("\"TenantId\"");

        assertFails(() -> assertThat(cluster).table("orders").hasDistributionColumn("id"))
                .hasMessageStartingWith(NL + "Expecting table:" + NL + "  public.orders" + NL
                        + "to be distributed by column:" + NL + "  id" + NL
                        + "but was distributed by column:" + NL + "  tenant_id" + NL
                        + "(a distributed table (partition method hash");
        assertFails(() -> assertThat(cluster).table("app.\"Orders\"").hasDistributionColumn("tenantid"))
                .hasMessageContaining("but was distributed by column:" + NL + "  TenantId");
        assertFails(() -> assertThat(cluster).table("notes").hasDistributionColumn("id"))
                .hasMessageContainingAll("a single-shard distributed table (no distribution column",
                        "which has no distribution column");
        assertFails(() -> assertThat(cluster).table("countries").hasDistributionColumn("code"))
                .hasMessageContainingAll("a reference table", "which has no distribution column");
    }

    @Test
    void hasShardCount() {
        assertThat(cluster).table("orders").hasShardCount(4);
        assertThat(cluster).table("countries").hasShardCount(1);
        assertThat(cluster).table("scratch").hasShardCount(0);

        assertFailsWith(4, 32, () -> assertThat(cluster).table("orders").hasShardCount(32))
                .hasMessageStartingWith(NL + "Expecting table:" + NL + "  public.orders" + NL + "to have 32 shards" + NL
                        + "but was:" + NL + "  4 shards in pg_dist_shard" + NL + "(a distributed table");
    }

    @Test
    void isColocatedWith() {
        assertThat(cluster).table("orders").isColocatedWith("order_items").isColocatedWith("public.order_items");

        assertFails(() -> assertThat(cluster).table("orders").isColocatedWith("events"))
                .hasMessage(NL + "Expecting table:" + NL + "  public.orders" + NL + "to be co-located with:" + NL
                        + "  public.events" + NL + "but was not: their colocation ids differ:" + NL
                        + "  public.orders: a distributed table (partition method hash, distribution column tenant_id"
                        + " bigint, colocation id %s, 4 shards)" + NL
                        + "  public.events: a distributed table (partition method hash, distribution column id bigint,"
                        + " colocation id %s, 6 shards)", colocationId("orders"), colocationId("events"));
        assertFails(() -> assertThat(cluster).table("audit_log").isColocatedWith("audit_log"))
                .hasMessageContaining("colocation id 0 (a Citus-local table) is co-located with nothing");
        assertFails(() -> assertThat(cluster).table("scratch").isColocatedWith("orders"))
                .hasMessageContaining("a table that is not in Citus metadata is co-located with nothing");
    }

    @Test
    void hasShardsOnEveryWorker() {
        assertThat(cluster).table("orders").hasShardsOnEveryWorker();
        assertThat(cluster).table("countries").hasShardsOnEveryWorker();

        CitusNode w0 = cluster.getWorker(0);
        CitusNode w1 = cluster.getWorker(1);
        String a0 = w0.getRegisteredHost() + ":" + w0.getRegisteredPort();
        String a1 = w1.getRegisteredHost() + ":" + w1.getRegisteredPort();
        assertFails(() -> assertThat(cluster).table("lonely").hasShardsOnEveryWorker())
                .hasMessageContainingAll("  public.lonely" + NL + "to have shards on every active worker" + NL + "but worker ",
                        " has no shard of it." + NL + "Shard placements per node (pg_dist_placement):",
                        a0 + ": ", a1 + ": ", "0 placements", "1 placement" + NL, "(coordinator")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("but worker " + a0 + " has", "but worker " + a1 + " has"));
        assertFails(() -> assertThat(cluster).table("audit_log").hasShardsOnEveryWorker())
                .hasMessageContainingAll("but workers " + a0 + ", " + a1 + " have no shard of it.",
                        ": 1 placement (coordinator");
        assertFails(() -> assertThat(cluster).table("scratch").hasShardsOnEveryWorker())
                .hasMessageContaining("but it has no shards: a plain PostgreSQL table");
    }

    @Test
    void tableAndClusterAssertionsReadOnlyTheCoordinator() {
        CitusNode worker = cluster.getWorker(1);
        worker.stop();
        try {
            assertThat(cluster).table("orders").isDistributed().hasShardCount(4).isColocatedWith("order_items")
                    .hasShardsOnEveryWorker();
            // "active" is pg_dist_node's flag: Citus does not deactivate a worker that is down
            assertThat(cluster).hasActiveWorkers(2);
        } finally {
            worker.start();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // queries
    // ------------------------------------------------------------------------------------------------

    @Test
    void isRouterQuery() {
        assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
        assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42).isRouterQuery(); // int4 against bigint
        assertThat(cluster).query("SELECT o.id, i.item FROM orders o JOIN order_items i"
                + " ON i.tenant_id = o.tenant_id AND i.order_id = o.id WHERE o.tenant_id = ?", 7L).isRouterQuery();
        assertThat(cluster).query("SELECT name FROM countries WHERE code = ?", "DE").isRouterQuery();
        assertThat(cluster).query("SELECT * FROM app.\"Orders\" WHERE \"TenantId\" = ?", "acme").isRouterQuery();
        assertThat(cluster).query("INSERT INTO orders (tenant_id, id, amount) VALUES (?, ?, ?)", 1L, 2L, 9.5)
                .isRouterQuery();
        assertThat(cluster).query("UPDATE orders SET amount = amount + 1 WHERE tenant_id = ? AND id = ?;", 3L, 4L)
                .isRouterQuery();

        assertFailsWith(4, 1, () -> assertThat(cluster).query("SELECT count(*) FROM orders WHERE amount > ?", 10)
                .isRouterQuery())
                .hasMessageStartingWith(NL + "Expecting query:" + NL + "  SELECT count(*) FROM orders WHERE amount > ?" + NL
                        + "with parameters:" + NL + "  $1 = 10 (Integer)" + NL
                        + "to run on exactly one shard (a router query)" + NL
                        + "but it touches 4 shards (query: Citus Adaptive, Task Count 4)" + NL
                        + "Plan excerpt (EXPLAIN):" + NL + "  Aggregate" + NL + "    ->  Custom Scan (Citus Adaptive)")
                .hasMessageContainingAll("Task Count: 4", "Tasks Shown: One of 4", "->  Seq Scan on orders_");
        assertFails(() -> assertThat(cluster).query("SELECT * FROM scratch WHERE id = ?", 1L).isRouterQuery())
                .hasMessageContainingAll("but it touches 0 shards: the plan has no Citus custom scan", "  Index Scan on scratch");
    }

    @Test
    void isMultiShardQuery() {
        assertThat(cluster).query("SELECT count(*) FROM orders").isMultiShardQuery();
        assertThat(cluster).query("UPDATE orders SET amount = 0 WHERE amount < ?", 0).isMultiShardQuery();

        assertFails(() -> assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isMultiShardQuery())
                .hasMessageContainingAll("to run on more than one shard (a multi-shard query)",
                        "but it touches 1 shard (query: Citus Adaptive, Task Count 1)", "Task Count: 1",
                        "Tasks Shown: All", "Node: host=worker-");
    }

    @Test
    void touchesShards() {
        assertThat(cluster).query("SELECT count(*) FROM orders").touchesShards(4);
        assertThat(cluster).query("SELECT count(*) FROM events").touchesShards(6);
        assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id IN (?, ?)", 1L, 1L).touchesShards(1);
        assertThat(cluster).query("SELECT * FROM scratch").touchesShards(0);
        assertThat(cluster).query("WITH top AS (SELECT tenant_id FROM orders ORDER BY amount DESC LIMIT 3)"
                + " SELECT count(*) FROM order_items WHERE tenant_id IN (SELECT tenant_id FROM top)").touchesShards(8);

        assertFailsWith(4, 2, () -> assertThat(cluster).query("SELECT count(*) FROM orders").touchesShards(2))
                .hasMessageContainingAll("to touch 2 shards", "but it touches 4 shards", "Plan excerpt (EXPLAIN):");
    }

    @Test
    void aQueryIsExplainedNotRun() throws Exception {
        assertThat(cluster).query("INSERT INTO scratch (id, note) VALUES (?, ?)", 99L, "x").touchesShards(0);
        assertThat(cluster).query("INSERT INTO countries (code, name) VALUES (?, ?)", "XX", "nowhere").isRouterQuery();

        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM scratch) + (SELECT count(*) FROM countries)")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void anExplainErrorFailsTheAssertion() {
        assertFails(() -> assertThat(cluster).query("SELEC 1").isRouterQuery())
                .hasMessageContainingAll("  SELEC 1" + NL + "to run on exactly one shard (a router query)" + NL
                        + "but EXPLAIN (FORMAT JSON) failed:", "syntax error");
    }

    // ------------------------------------------------------------------------------------------------
    // AssertJ integration
    // ------------------------------------------------------------------------------------------------

    @Test
    void softAssertionsCollectEveryFailure() {
        CitusSoftAssertions softly = new CitusSoftAssertions();
        softly.assertThat(cluster).hasActiveWorkers(2);
        softly.assertThat(cluster).table("countries").isDistributed().isReferenceTable();
        softly.assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("tenant_id");
        softly.assertThat(cluster).query("SELECT count(*) FROM orders").isRouterQuery().touchesShards(4);

        List<Throwable> errors = softly.errorsCollected();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).hasMessageContainingAll("  public.countries", "to be distributed", "a reference table");
        assertThat(errors.get(1)).hasMessageContainingAll("to run on exactly one shard", "but it touches 4 shards");
        assertThatThrownBy(softly::assertAll).hasMessageContainingAll("Multiple Failures (2 failures)",
                "a reference table", "but it touches 4 shards");
    }

    @Test
    void theAssertClassesWorkWithPlainSoftAssertions() {
        SoftAssertions softly = new SoftAssertions();
        softly.proxy(CitusClusterAssert.class, CitusClusterContainer.class, cluster).hasActiveWorkers(5);
        softly.proxy(DistributedTableAssert.class, ClusterTable.class, new ClusterTable(cluster, "orders"))
                .isReferenceTable();
        softly.proxy(DistributedQueryAssert.class, ClusterQuery.class,
                new ClusterQuery(cluster, "SELECT * FROM orders WHERE tenant_id = ?", List.of(1L))).isRouterQuery();

        assertThat(softly.errorsCollected()).hasSize(2);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("to have 5 active workers");
        assertThat(softly.errorsCollected().get(1)).hasMessageContaining("to be a reference table");
    }

    @Test
    void descriptionsAndOverridingMessagesAreHonoured() {
        assertFails(() -> assertThat(cluster).table("countries").as("tenant data").isDistributed())
                .hasMessageStartingWith("[tenant data] " + NL + "Expecting table:");
        assertFails(() -> assertThat(cluster).query("SELECT count(*) FROM orders").withFailMessage("fans out")
                .isRouterQuery())
                .hasMessage("fans out");
    }

    /** The examples of docs/assertions.md, compiled and run here; the docs module keeps the page equal to them. */
    @Test
    void documentationExamples() {
        // tag::tables[]
        assertThat(cluster).hasActiveWorkers(2);
        assertThat(cluster).table("orders")
                .isDistributed()
                .hasDistributionColumn("tenant_id")
                .hasShardCount(4)
                .isColocatedWith("order_items")
                .hasShardsOnEveryWorker();
        assertThat(cluster).table("countries").isReferenceTable();
        assertThat(cluster).table("audit_log").isLocalTable();      // Citus-local
        assertThat(cluster).table("app.\"Orders\"").hasDistributionColumn("TenantId");
        // end::tables[]

        // tag::queries[]
        assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
        assertThat(cluster).query("SELECT count(*) FROM orders").isMultiShardQuery().touchesShards(4);
        assertThat(cluster).query("INSERT INTO orders (tenant_id, id, amount) VALUES (?, ?, ?)", 42L, 1L, 9.5)
                .isRouterQuery();
        // end::queries[]

        // tag::soft[]
        CitusSoftAssertions softly = new CitusSoftAssertions();
        softly.assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("tenant_id");
        softly.assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
        softly.assertAll();
        // end::soft[]
    }

    private static int colocationId(String table) {
        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = '"
                        + table + "'::regclass")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
