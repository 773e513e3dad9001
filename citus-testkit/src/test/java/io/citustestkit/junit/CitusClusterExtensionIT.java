package io.citustestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.DockerClientFactory;

/**
 * Real clusters under {@code @CitusCluster}, run as one parallel JUnit suite (classes and methods concurrent) in
 * the engine test kit, once, before the tests of this class: four cluster starts in all (shared NONE, class-own,
 * TRUNCATE, DROP). Each test of this class checks one thing the suite's run shows.
 */
class CitusClusterExtensionIT {

    static final Map<String, List<String>> CLUSTER_IDS = new ConcurrentHashMap<>();
    static final List<String> OBSERVED = new CopyOnWriteArrayList<>();
    static final AtomicInteger CONCURRENT = new AtomicInteger();
    static final AtomicInteger MAX_CONCURRENT_RESET_TESTS = new AtomicInteger();

    static void record(String who, CitusClusterContainer cluster) {
        CLUSTER_IDS.computeIfAbsent(who, k -> new CopyOnWriteArrayList<>())
                .add(cluster.getClusterId() + "/" + cluster.getContainerId());
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the suite
    // ---------------------------------------------------------------------------------------------

    /** Every injectable type, in one class sharing the NONE cluster. */
    @CitusCluster(workers = 1)
    static class SharedA {
        @CitusClusterResource
        static CitusClusterContainer staticCluster;

        @CitusClusterResource
        DataSource dataSource;

        @CitusClusterResource
        @Worker(0)
        CitusNode worker;

        @Test
        void injectsEveryType(CitusClusterContainer cluster, DataSource ds, Connection connection,
                @Worker(0) CitusNode node) throws SQLException {
            record("SharedA", cluster);
            assertThat(staticCluster).isSameAs(cluster);
            assertThat(worker).isEqualTo(node).isEqualTo(cluster.getWorker(0));
            assertThat(count(connection, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            try (Connection c = ds.getConnection(); Connection d = dataSource.getConnection()) {
                assertThat(count(c, "SELECT 41 + 1")).isEqualTo(42);
                assertThat(count(d, "SELECT 1")).isEqualTo(1);
            }
            try (Connection w = node.createConnection()) {
                assertThat(count(w, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo(1);
            }
            OBSERVED.add("connection-open:" + !connection.isClosed());
            SharedA.connection = connection;
        }

        static Connection connection;
    }

    @CitusCluster(workers = 1)
    static class SharedB {
        @Test
        void sameSettingsSameCluster(CitusClusterContainer cluster) {
            record("SharedB", cluster);
        }
    }

    @CitusCluster(workers = 1, shared = false)
    static class Own {
        @Test
        void ownCluster(CitusClusterContainer cluster) {
            record("Own", cluster);
        }
    }

    @CitusCluster(workers = 1, initScripts = "junit/schema.sql", reset = Reset.TRUNCATE)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @Execution(ExecutionMode.CONCURRENT)
    static class TruncateOrdered {
        @Test
        @Order(1)
        void writes(Connection c, CitusClusterContainer cluster) throws SQLException {
            record("Truncate", cluster);
            guard(() -> c.createStatement().execute("INSERT INTO items VALUES (1, 1, 'a'), (2, 2, 'b')"));
            assertThat(count(c, "SELECT count(*) FROM items")).isEqualTo(2);
        }

        @Test
        @Order(2)
        void nextTestSeesEmptyTablesButTheSchema(Connection c) throws SQLException {
            guard(() -> OBSERVED.add("truncate-next-sees:" + count(c, "SELECT count(*) FROM items")));
        }
    }

    /** Same settings as TruncateOrdered, so same cluster: must never see its rows (the resource lock). */
    @CitusCluster(workers = 1, initScripts = "junit/schema.sql", reset = Reset.TRUNCATE)
    @Execution(ExecutionMode.CONCURRENT)
    static class TruncateParallel {
        @Test
        void a(Connection c, CitusClusterContainer cluster) throws SQLException {
            record("TruncateParallel", cluster);
            writeAndCount(c, 10);
        }

        @Test
        void b(Connection c) throws SQLException {
            writeAndCount(c, 20);
        }

        @Test
        void c(Connection c) throws SQLException {
            writeAndCount(c, 30);
        }

        private static void writeAndCount(Connection c, int tenant) throws SQLException {
            guard(() -> {
                c.createStatement().execute("INSERT INTO items SELECT " + tenant + ", g FROM generate_series(1, 5) g");
                OBSERVED.add("parallel-sees:" + count(c, "SELECT count(*) FROM items"));
            });
        }
    }

    @CitusCluster(workers = 1, initScripts = "junit/schema.sql", reset = Reset.DROP)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class DropOrdered {
        @Test
        @Order(1)
        void createsAndWrites(Connection c, CitusClusterContainer cluster) throws SQLException {
            record("Drop", cluster);
            c.createStatement().execute("CREATE TABLE extra (id bigint PRIMARY KEY)");
            c.createStatement().execute("SELECT create_distributed_table('extra', 'id')");
            c.createStatement().execute("INSERT INTO items VALUES (1, 1, 'a')");
        }

        @Test
        @Order(2)
        void nextTestSeesOnlyTheInitScripts(Connection c) throws SQLException {
            OBSERVED.add("drop-extra:" + count(c, "SELECT count(*) FROM pg_class WHERE relname = 'extra'"));
            OBSERVED.add("drop-items:" + count(c, "SELECT items_count()"));
            OBSERVED.add("drop-distributed:" + count(c,
                    "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'items'::regclass"));
        }
    }

    interface SqlBlock {
        void run() throws SQLException;
    }

    /** Counts tests of the TRUNCATE cluster running at the same time. */
    static void guard(SqlBlock block) throws SQLException {
        int now = CONCURRENT.incrementAndGet();
        MAX_CONCURRENT_RESET_TESTS.accumulateAndGet(now, Math::max);
        try {
            block.run();
        } finally {
            CONCURRENT.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the suite runs once; each test below checks one thing it shows
    // ---------------------------------------------------------------------------------------------

    static EngineExecutionResults results;

    @BeforeAll
    static void runTheSuiteInParallel() {
        TestImages.assumeAvailable(TestImages.primary());
        results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SharedA.class), selectClass(SharedB.class), selectClass(Own.class),
                        selectClass(TruncateOrdered.class), selectClass(TruncateParallel.class),
                        selectClass(DropOrdered.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, TestImages.primary())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "6")
                .execute();
    }

    @Test
    void everyTestOfTheParallelSuitePasses() {
        results.testEvents().assertStatistics(s -> s.succeeded(10).failed(0));
    }

    @Test
    void classesWithEqualSettingsShareTheVerySameCluster() {
        assertThat(CLUSTER_IDS.get("SharedB")).containsExactly(CLUSTER_IDS.get("SharedA").get(0));
        assertThat(CLUSTER_IDS.get("TruncateParallel")).containsExactly(CLUSTER_IDS.get("Truncate").get(0));
    }

    @Test
    void aClassWithSharedFalseGetsAClusterOfItsOwn() {
        assertThat(CLUSTER_IDS.get("Own")).singleElement().isNotEqualTo(CLUSTER_IDS.get("SharedA").get(0));
    }

    @Test
    void anInjectedConnectionIsOpenInTheTestAndClosedAfterIt() throws SQLException {
        assertThat(OBSERVED).contains("connection-open:true");
        assertThat(SharedA.connection.isClosed()).isTrue();
    }

    @Test
    void truncateLeavesTheInitScriptsTableForTheNextTestEmpty() {
        assertThat(OBSERVED).contains("truncate-next-sees:0");
    }

    @Test
    void testsOfOneClusterWithAResetModeNeverOverlapNorSeeEachOthersRows() {
        assertThat(OBSERVED).filteredOn(o -> o.startsWith("parallel-sees:")).hasSize(3).containsOnly("parallel-sees:5");
        assertThat(MAX_CONCURRENT_RESET_TESTS.get()).isEqualTo(1);
    }

    @Test
    void dropRemovesWhatATestMadeAndRunsTheInitScriptsAgain() {
        assertThat(OBSERVED).contains("drop-extra:0", "drop-items:0", "drop-distributed:1");
    }

    @Test
    void everyClusterIsStoppedWhenTheRunEnds() {
        assertThat(CLUSTER_IDS).hasSize(6);
        for (List<String> ids : CLUSTER_IDS.values()) {
            String clusterId = ids.get(0).split("/")[0];
            assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(CitusClusterContainer.CLUSTER_LABEL, clusterId)).exec())
                    .as("containers of cluster %s after the run", clusterId).isEmpty();
        }
    }
}
