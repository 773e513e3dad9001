package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SmokeIT {
    @Test
    void starts() throws Exception {
        TestImages.assumeAvailable(TestImages.primary());
        try (CitusClusterContainer cluster = new CitusClusterContainer(TestImages.primary())) {
            long t = System.nanoTime();
            cluster.start();
            System.out.println("started in " + (System.nanoTime() - t) / 1_000_000 + " ms");
            try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT count(*) FROM citus_get_active_worker_nodes()");
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }
}
