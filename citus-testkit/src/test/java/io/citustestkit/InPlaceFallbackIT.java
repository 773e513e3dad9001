package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A node whose own container settings need initdb (here a time zone on the coordinator) does not run on the baked
 * data directory in place, where the image would refuse them: it takes the image's normal first start and honours
 * them, and the cluster works as any other.
 */
class InPlaceFallbackIT {

    @Test
    void aTimeZoneOnTheCoordinatorIsHonouredThroughInitdbWhileTheWorkersRunInPlace() throws SQLException {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(1).withUsername("ads_app")
                .withPassword("s3cret").withDatabaseName("ads").withEnv("TZ", "Europe/Berlin")) {
            cluster.start();

            try (Connection c = cluster.createConnection("")) {
                // log_timezone: initdb writes it from TZ (timezone too, but JDBC sets its own for the session)
                assertThat(strings(c, "SHOW log_timezone")).containsExactly("Europe/Berlin");
                assertThat(strings(c, "SHOW data_directory")).doesNotContain(TunedImages.BAKED_DATA_DIRECTORY);
                assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            }
            try (Connection c = cluster.getWorker(0).createConnection()) {
                assertThat(strings(c, "SHOW data_directory")).containsExactly(TunedImages.BAKED_DATA_DIRECTORY);
            }
        }
    }
}
