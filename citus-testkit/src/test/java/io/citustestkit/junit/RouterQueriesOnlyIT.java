package io.citustestkit.junit;

import static io.citustestkit.assertj.CitusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.assertj.CitusSoftAssertions;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @RouterQueriesOnly} and {@code statementsDuring(...)} against real clusters: test classes run through the
 * engine test kit (in parallel, as a suite would), and what a user would see checked afterwards: which tests failed
 * and with which statements, that the kit's own statements and tests without the annotation are left alone, and
 * that the server's settings are back as they were.
 */
class RouterQueriesOnlyIT {

    static final String FAN_OUT = "SELECT count(*) FROM orders WHERE status = ?";
    static final String ROUTER = "SELECT id FROM orders WHERE tenant_id = ? AND id = ?";

    /** Started by this class: the cluster of the tests that find theirs in a CitusClusterContainer field. */
    static CitusClusterContainer fieldCluster;
    static final Map<String, Integer> CONCURRENT_MAX = new ConcurrentHashMap<>();
    static final AtomicInteger CONCURRENT = new AtomicInteger();

    static long query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    static void exclusive(Runnable r) {
        int now = CONCURRENT.incrementAndGet();
        CONCURRENT_MAX.merge("annotated", now, Math::max);
        try {
            r.run();
        } finally {
            CONCURRENT.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the classes run through the engine
    // ---------------------------------------------------------------------------------------------

    /** With @CitusCluster: the cluster of the annotation, its injected DataSource, a pool opened before the test. */
    @CitusCluster(workers = 1, initScripts = "junit/tenants.sql")
    static class WithCitusCluster {
        static Connection openedBeforeTheTest;

        @BeforeAll
        static void openAnotherPool(CitusClusterContainer cluster) throws SQLException {
            openedBeforeTheTest = DriverManager.getConnection(cluster.getJdbcUrl(), cluster.getUsername(),
                    cluster.getPassword());
        }

        @AfterAll
        static void closeIt() throws SQLException {
            openedBeforeTheTest.close();
        }

        @Test
        @RouterQueriesOnly
        void fanOut(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                assertThat(query(c, FAN_OUT, "open")).isEqualTo(2); // right answer: only the fan-out is wrong
            }
        }

        @Test
        @RouterQueriesOnly
        void routerOnly(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertThat(query(c, ROUTER, 1L, 1L)).isEqualTo(1);
                s.execute("INSERT INTO orders VALUES (9, 9, 'new')");
                s.execute("UPDATE orders SET status = 'paid' WHERE tenant_id = 9");
                s.execute("SELECT o.id, c.name FROM orders o, countries c WHERE o.tenant_id = 9 AND c.code = 'nl'");
                s.execute("SELECT * FROM countries");
                s.execute("SELECT * FROM settings");
                s.execute("DELETE FROM orders WHERE tenant_id = 9");
            }
        }

        @Test
        @RouterQueriesOnly
        void fanOutFromAPoolOpenedBeforeTheTest() throws SQLException {
            assertThat(query(openedBeforeTheTest, "SELECT count(*) FROM orders WHERE id = ?", 1L)).isEqualTo(3);
        }

        @Test
        @RouterQueriesOnly(allow = "FROM orders WHERE status")
        void allowedFanOut(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                query(c, FAN_OUT, "open");
            }
        }

        @Test
        @RouterQueriesOnly(allow = {"FROM audit_log", "^UPDATE"})
        void notAllowedByThesePatterns(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                query(c, FAN_OUT, "paid");
            }
        }

        @Test
        @RouterQueriesOnly
        void theKitsOwnAssertionsDoNotCount(CitusClusterContainer cluster) {
            assertThat(cluster).query("SELECT count(*) FROM orders").isMultiShardQuery();
            assertThat(cluster).table("orders").hasShardCount(4);
        }

        @Test
        void withoutTheAnnotationNothingIsChecked(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                query(c, FAN_OUT, "open");
            }
        }

        @Test
        @RouterQueriesOnly(allow = "count(*")
        void anAllowPatternThatDoesNotCompile() {}
    }

    /** On the class: every test checked; under parallel execution they run one at a time and see their own. */
    @CitusCluster(workers = 1, initScripts = "junit/tenants.sql")
    @RouterQueriesOnly
    static class OnTheClass {
        @Test
        void first(DataSource dataSource) throws SQLException {
            exclusive(() -> run(dataSource, "SELECT count(*) FROM orders WHERE status = 'first'"));
        }

        @Test
        void second(DataSource dataSource) throws SQLException {
            exclusive(() -> run(dataSource, "SELECT max(id) FROM orders WHERE status = 'second'"));
        }

        static void run(DataSource dataSource, String sql) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Without @CitusCluster: the started CitusClusterContainer in a static field (as @Container holds it). */
    static class WithAContainerField {
        static CitusClusterContainer cluster;

        @BeforeAll
        static void takeTheStartedCluster() {
            cluster = fieldCluster;
        }

        @Test
        @RouterQueriesOnly
        void fanOut() throws SQLException {
            try (Connection c = cluster.createConnection("")) {
                query(c, "SELECT count(*) FROM orders");
            }
        }
    }

    /** Neither: misuse. */
    static class WithoutACluster {
        @Test
        @RouterQueriesOnly
        void noCluster() {}
    }

    // ---------------------------------------------------------------------------------------------

    static EngineExecutionResults results;
    static String autoConfBefore;

    @BeforeAll
    static void runTheClasses() throws SQLException {
        TestImages.assumeAvailable(TestImages.primary());
        fieldCluster = new CitusClusterContainer(TestImages.primary()).withWorkers(1)
                .withInitScript("junit/tenants.sql");
        fieldCluster.start();
        try (Connection c = fieldCluster.createConnection(""); Statement s = c.createStatement()) {
            // a value of the user's in postgresql.auto.conf, which must be there again afterwards
            s.execute("ALTER SYSTEM SET log_parameter_max_length_on_error = 64");
            s.execute("SELECT pg_reload_conf()");
        }
        results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(WithCitusCluster.class), selectClass(OnTheClass.class),
                        selectClass(WithAContainerField.class), selectClass(WithoutACluster.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, TestImages.primary())
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .execute();
    }

    @AfterAll
    static void stopTheCluster() {
        if (fieldCluster != null) {
            fieldCluster.stop();
        }
    }

    static Events tests() {
        return results.testEvents();
    }

    @Test
    void aFanOutFailsTheTestListingTheStatementItsParametersAndShards() {
        tests().assertThatEvents().haveExactly(1, event(test("fanOut"), finishedWithFailure(instanceOf(AssertionError.class),
                message(m -> m.contains("Expecting every statement sent to the coordinator during:")
                        && m.contains("  WithCitusCluster.fanOut()")
                        && m.contains("but 1 statement fanned out to more than one shard:")
                        && m.contains("  1. SELECT count(*) FROM orders WHERE status = $1")
                        && m.contains("     parameters: $1 = 'open'")
                        && m.contains("     shards touched: 4")
                        && m.contains("@RouterQueriesOnly(allow = ")))));
    }

    @Test
    void routerQueriesReferenceAndLocalTablesPass() {
        tests().assertThatEvents().haveExactly(1, event(test("routerOnly"), finishedSuccessfully()));
    }

    @Test
    void aPoolOpenedBeforeTheTestIsCheckedToo() {
        tests().assertThatEvents().haveExactly(1, event(test("fanOutFromAPoolOpenedBeforeTheTest"),
                finishedWithFailure(message(m -> m.contains("SELECT count(*) FROM orders WHERE id = $1")
                        && m.contains("parameters: $1 = '1'")))));
    }

    @Test
    void allowPatternsLetTheirStatementsPassAndOnlyThose() {
        tests().assertThatEvents().haveExactly(1, event(test("allowedFanOut"), finishedSuccessfully()));
        tests().assertThatEvents().haveExactly(1, event(test("notAllowedByThesePatterns"),
                finishedWithFailure(message(m -> m.contains("WHERE status = $1") && m.contains("'paid'")))));
    }

    @Test
    void theKitsOwnStatementsAndTestsWithoutTheAnnotationAreLeftAlone() {
        tests().assertThatEvents().haveExactly(1, event(test("theKitsOwnAssertionsDoNotCount"), finishedSuccessfully()));
        tests().assertThatEvents().haveExactly(1, event(test("withoutTheAnnotationNothingIsChecked"),
                finishedSuccessfully()));
    }

    @Test
    void annotatedTestsRunOneAtATimeAndEachSeesOnlyItsOwnStatements() {
        assertThat(CONCURRENT_MAX.get("annotated")).isEqualTo(1);
        tests().assertThatEvents().haveExactly(1, event(test("first"), finishedWithFailure(
                message(m -> m.contains("status = 'first'") && !m.contains("status = 'second'")))));
        tests().assertThatEvents().haveExactly(1, event(test("second"), finishedWithFailure(
                message(m -> m.contains("status = 'second'") && !m.contains("status = 'first'")))));
    }

    @Test
    void aCitusClusterContainerFieldIsFound() {
        tests().assertThatEvents().haveExactly(1, event(test("fanOut"), finishedWithFailure(
                message(m -> m.contains("WithAContainerField.fanOut()") && m.contains("SELECT count(*) FROM orders")))));
    }

    @Test
    void misuseIsExplained() {
        tests().assertThatEvents().haveExactly(1, event(test("noCluster"), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("@RouterQueriesOnly on WithoutACluster.noCluster() needs a Citus cluster")
                        && m.contains("allowed: @CitusCluster on the class, or a started CitusClusterContainer")))));
        tests().assertThatEvents().haveExactly(1, event(test("anAllowPatternThatDoesNotCompile"), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("@RouterQueriesOnly(allow)[0] is not a regular expression: \"count(*\"")))));
    }

    @Test
    void theSettingsAreBackAsTheyWere() throws SQLException {
        assertSettingsAsBefore();
    }

    @Test
    void backToBackCapturesLeaveTheSettingsAsTheyWere() throws SQLException {
        for (int i = 0; i < 5; i++) { // the next capture begins before every session read the last reload
            assertThat(fieldCluster).statementsDuring(() -> {}).areAllRouterQueries();
        }
        assertSettingsAsBefore();
    }

    static void assertSettingsAsBefore() throws SQLException {
        try (Connection c = fieldCluster.createConnection(""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, setting FROM pg_file_settings"
                        + " WHERE sourcefile LIKE '%postgresql.auto.conf' AND name IN ('citus.multi_task_query_log_level',"
                        + " 'log_min_error_statement', 'log_parameter_max_length_on_error') ORDER BY name")) {
            StringBuilder auto = new StringBuilder();
            while (rs.next()) {
                auto.append(rs.getString(1)).append('=').append(rs.getString(2)).append(';');
            }
            assertThat(auto.toString()).isEqualTo("log_parameter_max_length_on_error=64;");
        }
        // in force again for new sessions once the server has read the reload the capture asked for
        io.citustestkit.internal.Waits.until(java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(5), () -> {
            try (Connection c = fieldCluster.createConnection("")) {
                return query(c, "SELECT count(*) FROM pg_settings WHERE name = 'citus.multi_task_query_log_level'"
                        + " AND setting = 'off'") == 1 ? null : "citus.multi_task_query_log_level is not off";
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, IllegalStateException::new);
    }

    // ---------------------------------------------------------------------------------------------
    // statementsDuring(...) on the same cluster, in this class's own (not parallel) run
    // ---------------------------------------------------------------------------------------------

    @Test
    void statementsDuringCatchesAFanOutOfTheBlock() throws SQLException {
        try (Connection c = fieldCluster.createConnection("")) {
            assertThatThrownBy(() -> assertThat(fieldCluster).statementsDuring(() -> query(c, FAN_OUT, "open"))
                    .areAllRouterQueries())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the block given to statementsDuring(...)")
                    .hasMessageContaining("1. SELECT count(*) FROM orders WHERE status = $1")
                    .hasMessageContaining("shards touched: 4")
                    .hasMessageContaining(".allowing(\"<regular expression>\")");
            assertThat(fieldCluster).statementsDuring(() -> query(c, ROUTER, 2L, 1L)).areAllRouterQueries();
            assertThat(fieldCluster).statementsDuring(() -> query(c, FAN_OUT, "open")).allowing("status = \\$1")
                    .areAllRouterQueries();
        }
    }

    @Test
    void statementsDuringIsSoftAssertionCompatibleAndRethrowsTheBlocksException() throws SQLException {
        try (Connection c = fieldCluster.createConnection("")) {
            CitusSoftAssertions softly = new CitusSoftAssertions();
            softly.assertThat(fieldCluster).statementsDuring(() -> query(c, FAN_OUT, "paid")).areAllRouterQueries();
            softly.assertThat(fieldCluster).statementsDuring(() -> query(c, "SELECT max(id) FROM orders"))
                    .areAllRouterQueries();
            assertThat(softly.errorsCollected()).hasSize(2);
            assertThatThrownBy(() -> assertThat(fieldCluster).statementsDuring(() -> {
                throw new SQLException("the block's own");
            })).isInstanceOf(SQLException.class).hasMessage("the block's own");
        }
    }
}
