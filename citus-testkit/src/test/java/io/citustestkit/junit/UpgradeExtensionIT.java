package io.citustestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Under {@code @CitusCluster}: a class with its own cluster ({@code shared = false}) upgrades it in a test, and the
 * later tests of the class run on the new Citus with the same data, with {@code @RouterQueriesOnly} still catching a
 * fan-out; a shared cluster refuses the upgrade, naming {@code shared = false}.
 */
class UpgradeExtensionIT {

    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    private static String from;
    private static String to;
    private static EngineExecutionResults own;
    private static EngineExecutionResults shared;

    @CitusCluster(workers = 2, shared = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OwnCluster {
        @Test
        @Order(1)
        void writeOnTheOldCitusThenUpgrade(CitusClusterContainer cluster, Connection c) throws SQLException {
            Sql.exec(c, "CREATE TABLE orders (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))",
                    "SELECT create_distributed_table('orders', 'tenant_id')",
                    "INSERT INTO orders SELECT t, i FROM generate_series(1, 10) t, generate_series(1, 10) i");
            SEEN.put("before", Sql.strings(c, "SELECT citus_version()").get(0));
            cluster.upgradeTo(to);
        }

        @Test
        @Order(2)
        @RouterQueriesOnly
        void routerQueriesOnTheNewCitus(Connection c) throws SQLException {
            SEEN.put("after", Sql.strings(c, "SELECT citus_version()").get(0));
            SEEN.put("tenant 3", String.valueOf(Sql.count(c, "SELECT count(*) FROM orders WHERE tenant_id = 3")));
        }

        @Test
        @Order(3)
        @RouterQueriesOnly
        void aFanOutOnTheNewCitusIsCaught(Connection c) throws SQLException {
            SEEN.put("all rows", String.valueOf(Sql.count(c, "SELECT count(*) FROM orders")));
        }
    }

    @CitusCluster(workers = 1)
    static class SharedCluster {
        @Test
        void upgradeIsRefused(CitusClusterContainer cluster) {
            Throwable e = catchThrowable(() -> cluster.upgradeTo(to));
            SEEN.put("shared", e == null ? "no refusal" : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @BeforeAll
    static void runTheClasses() {
        String[] pair = TestImages.upgrades().get(0);
        from = pair[0];
        to = pair[1];
        TestImages.assumeAvailable(from);
        TestImages.assumeAvailable(to);
        own = EngineTestKit.engine("junit-jupiter").selectors(selectClass(OwnCluster.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, from).execute();
        shared = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SharedCluster.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, from).execute();
    }

    @Test
    void theClassesOwnClusterUpgradesAndLaterTestsRunOnTheNewCitusWithTheData() {
        own.testEvents().assertThatEvents().haveExactly(1,
                event(test("writeOnTheOldCitusThenUpgrade"), finishedSuccessfully()))
                .haveExactly(1, event(test("routerQueriesOnTheNewCitus"), finishedSuccessfully()));
        assertThat(SEEN.get("before")).startsWith("Citus " + versionInTag(from));
        assertThat(SEEN.get("after")).startsWith("Citus " + versionInTag(to));
        assertThat(SEEN.get("tenant 3")).isEqualTo("10");
    }

    @Test
    void routerQueriesOnlyStillCatchesAFanOutAfterTheUpgrade() {
        own.testEvents().assertThatEvents().haveExactly(1, event(test("aFanOutOnTheNewCitusIsCaught"),
                finishedWithFailure(instanceOf(AssertionError.class))));
        assertThat(SEEN.get("all rows")).isEqualTo("100");
    }

    @Test
    void aSharedClusterRefusesTheUpgradeNamingSharedFalse() {
        shared.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN.get("shared")).startsWith("IllegalStateException: upgradeTo(" + to + "): the cluster is shared"
                + " by @CitusCluster classes with equal settings").contains("@CitusCluster(shared = false)");
    }

    /** "13.2.0" of "citusdata/citus:13.2.0-pg15". */
    private static String versionInTag(String image) {
        return image.substring(image.lastIndexOf(':') + 1).replaceFirst("-.*", "");
    }
}
