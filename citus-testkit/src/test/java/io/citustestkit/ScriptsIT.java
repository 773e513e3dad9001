package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Init scripts and data scripts on a real cluster: seed data after every TRUNCATE, and what a failing statement says. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScriptsIT {

    private CitusClusterContainer cluster;

    @BeforeAll
    void start() {
        TestImages.assumeAvailable(TestImages.primary());
        cluster = new CitusClusterContainer(TestImages.primary()).withWorkers(1)
                .withInitScript("scripts/invoices-schema.sql")
                .withDataScripts("scripts/invoices-seed.sql");
        cluster.start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void dataScriptsRunAfterTheInitScriptsAndAgainAfterEveryTruncate() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            assertThat(strings(c, "SELECT code FROM currencies ORDER BY code")).containsExactly("EUR", "USD");
            assertThat(count(c, "SELECT count(*) FROM invoices")).isEqualTo(1);

            for (int round = 0; round < 2; round++) {
                exec(c, "INSERT INTO invoices VALUES (2, 7, 'USD')", "DELETE FROM currencies WHERE code = 'EUR'");

                cluster.truncateTables();

                // the test's rows are gone, the seed is back, once (no duplicate key from a second seed)
                assertThat(strings(c, "SELECT code FROM currencies ORDER BY code")).containsExactly("EUR", "USD");
                assertThat(strings(c, "SELECT tenant_id || '/' || id FROM invoices")).containsExactly("1/1");
            }
        }
    }

    @Test
    void aFailingInitScriptStatementLeadsWithScriptStatementLineAndPostgresError() {
        CitusClusterContainer broken = new CitusClusterContainer(TestImages.primary()).withWorkers(1)
                .withInitScript("scripts/broken-schema.sql");

        Throwable failure = catchThrowable(broken::start);

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage())
                .startsWith("init script scripts/broken-schema.sql, statement 3 (line 6): ERROR: relation \"invoice\""
                        + " does not exist")
                .contains("\nstatement: INSERT INTO invoice VALUES (1, 1)")
                .doesNotContain("CREATE TABLE invoices");   // the script text is not repeated
        assertThat(containersOf(broken.getClusterId())).as("containers left by the failed start").isEmpty();
    }
}
