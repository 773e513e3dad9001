package io.citustestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code Reset.TRUNCATE} with Flyway as a Spring Boot suite runs it: every test (application context) migrates
 * again at its start, and finds the history of the first, the kept reference rows and empty tables; a kept table
 * that does not exist fails the test after which the reset ran, naming it.
 */
class KeptTablesExtensionIT {

    static final List<String> OBSERVED = new CopyOnWriteArrayList<>();

    static int migrate(CitusClusterContainer cluster) {
        return Flyway.configure().dataSource(cluster.getJdbcUrl(), cluster.getUsername(), cluster.getPassword())
                .locations("classpath:flyway/citus").load().migrate().migrationsExecuted;
    }

    @CitusCluster(workers = 1, reset = Reset.TRUNCATE, keptTables = "public.countries", shared = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoContexts {
        @Test
        @Order(1)
        void firstContextMigratesAndWrites(CitusClusterContainer cluster, Connection c) throws SQLException {
            OBSERVED.add("first-migrated:" + migrate(cluster));
            Sql.exec(c, "INSERT INTO orders (tenant, country) SELECT g, 'de' FROM generate_series(1, 5) g");
        }

        @Test
        @Order(2)
        void secondContextMigratesAgain(CitusClusterContainer cluster, Connection c) throws SQLException {
            OBSERVED.add("second-migrated:" + migrate(cluster));
            OBSERVED.add("second-orders:" + Sql.count(c, "SELECT count(*) FROM orders"));
            OBSERVED.add("second-countries:" + Sql.count(c, "SELECT count(*) FROM countries"));
        }
    }

    @CitusCluster(workers = 1, reset = Reset.TRUNCATE, keptTables = "public.countreis", shared = false)
    static class MisspelledKeptTable {
        @Test
        void migrates(CitusClusterContainer cluster) {
            migrate(cluster);
        }
    }

    static EngineExecutionResults results;

    @BeforeAll
    static void runTheSuite() {
        TestImages.assumeAvailable(TestImages.primary());
        results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(TwoContexts.class), selectClass(MisspelledKeptTable.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, TestImages.primary())
                .execute();
    }

    @Test
    void theSecondMigrateAppliesNothingAndSeesKeptRowsAndEmptyTables() {
        assertThat(OBSERVED).containsExactly("first-migrated:2", "second-migrated:0", "second-orders:0",
                "second-countries:2");
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(1));
    }

    @Test
    void aKeptTableThatDoesNotExistFailsTheTestNamingIt() {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("migrates"),
                finishedWithFailure(instanceOf(IllegalArgumentException.class),
                        message(m -> m.startsWith("keptTables named public.countreis, which does not exist")
                                && m.contains("public.countries")))));
    }
}
