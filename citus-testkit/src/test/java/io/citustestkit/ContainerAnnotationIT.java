package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Works as a plain Testcontainers {@code @Container}. */
@Testcontainers
@EnabledIf("imageAvailable")
class ContainerAnnotationIT {

    @Container
    static final CitusClusterContainer CLUSTER = new CitusClusterContainer(TestImages.primary()).withWorkers(1);

    static boolean imageAvailable() {
        return TestImages.unavailableReason(TestImages.primary()) == null;
    }

    @Test
    void theExtensionStartedTheClusterBeforeTheTest() throws SQLException {
        assertThat(CLUSTER.isRunning()).isTrue();
        try (Connection c = CLUSTER.createConnection("")) {
            assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
        }
    }
}
