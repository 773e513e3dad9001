package io.citustestkit.junit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * With real Docker: {@code @CitusCluster(image)} naming an image that is not Citus fails the class with an
 * {@code ExtensionConfigurationException} naming class, attribute and value; {@code dataScripts} come back after
 * every {@code TRUNCATE} reset.
 */
class AnnotationImageAndDataIT {

    @CitusCluster(workers = 0, image = "postgres:17", shared = false)
    static class NotCitus {
        @Test
        void test() {}
    }

    @CitusCluster(workers = 1, initScripts = "scripts/invoices-schema.sql", dataScripts = "scripts/invoices-seed.sql",
            reset = Reset.TRUNCATE, shared = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Seeded {
        @Test
        @Order(1)
        void seesTheSeedAndAddsRows(Connection c) throws SQLException {
            assertThat(count(c, "SELECT count(*) FROM currencies")).isEqualTo(2);
            exec(c, "INSERT INTO invoices VALUES (2, 1, 'USD')", "DELETE FROM currencies WHERE code = 'EUR'");
        }

        @Test
        @Order(2)
        void seesTheSeedAgainAndNothingElse(Connection c) throws SQLException {
            assertThat(count(c, "SELECT count(*) FROM currencies")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM invoices")).isEqualTo(1);
        }
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @Test
    void anAnnotationImageThatIsNotCitusFailsTheClassNamingClassAttributeAndValue() {
        TestImages.assumeAvailable(TestImages.POSTGRES);
        run(NotCitus.class).containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.startsWith("@CitusCluster on " + NotCitus.class.getName() + ": image was \"postgres:17\","
                        + " which is not a Citus image (no CITUS_VERSION in its environment;")
                        && m.contains("allowed: a Citus image, such as \"citusdata/citus:13.2.0\" or one built on it")))));
    }

    @Test
    void dataScriptsComeBackAfterEveryTruncateReset() {
        TestImages.assumeAvailable(TestImages.primary());
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Seeded.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, TestImages.primary()).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }
}
