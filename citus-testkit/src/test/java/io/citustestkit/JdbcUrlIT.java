package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.CitusJdbcUrl;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.jdbc.ContainerDatabaseDriver;
import org.testcontainers.utility.DockerImageName;

/** A jdbc:tc:citus URL alone, through Testcontainers' JDBC driver, gives a started and registered cluster. */
class JdbcUrlIT {

    /** The tag of the primary test image: the URL names citusdata/citus:&lt;tag&gt;. */
    private static final String TAG = DockerImageName.parse(TestImages.primary()).getVersionPart();

    /** One cluster for these tests: TC_DAEMON keeps it running between connections; stopped after the class. */
    private static final String URL = "jdbc:tc:citus:" + TAG + ":///shop?TC_WORKERS=1&TC_SHARD_COUNT=4"
            + "&TC_INITSCRIPT=jdbcurl/orders.sql&TC_INITFUNCTION=io.citustestkit.JdbcUrlIT$Seed::orders&TC_DAEMON=true";

    /** TC_INITFUNCTION: runs after TC_INITSCRIPT, on the same coordinator (the driver needs a public class). */
    public static final class Seed {

        private Seed() {}

        /** Three orders of two customers. */
        public static void orders(Connection coordinator) throws SQLException {
            exec(coordinator, "INSERT INTO orders VALUES (1, 10), (1, 11), (2, 20)");
        }
    }

    @AfterAll
    static void stopTheCluster() {
        ContainerDatabaseDriver.killContainer(URL);
    }

    private static Connection connect() throws SQLException {
        TestImages.assumeAvailable(CitusJdbcUrl.imageFor(TAG).asCanonicalNameString());
        return DriverManager.getConnection(URL);
    }

    @Test
    void theWorkersOfTheUrlAreActive() throws SQLException {
        try (Connection db = connect()) {
            assertThat(count(db, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
            assertThat(strings(db, "SELECT DISTINCT result::text FROM citus_check_cluster_node_health()"))
                    .containsExactly("true");
        }
    }

    @Test
    void theUrlNamesTheDatabase() throws SQLException {
        try (Connection db = connect()) {
            assertThat(strings(db, "SELECT current_database()")).containsExactly("shop");
        }
    }

    @Test
    void theInitScriptDistributedItsTableWithTheUrlsShardCountAndTheInitFunctionRanAfterIt() throws SQLException {
        try (Connection db = connect()) {
            assertThat(strings(db, "SELECT partmethod::text FROM pg_dist_partition WHERE logicalrelid = 'orders'::regclass"))
                    .containsExactly("h");
            assertThat(strings(db, "SELECT DISTINCT nodename FROM citus_shards WHERE table_name = 'orders'::regclass"))
                    .containsExactly("worker-1");
            assertThat(count(db, "SELECT count(*) FROM citus_shards WHERE table_name = 'orders'::regclass")).isEqualTo(4);
            assertThat(count(db, "SELECT count(*) FROM orders")).isEqualTo(3);
        }
    }

    @Test
    void aBadParameterFailsWithItsNameBeforeAnythingStarts() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:tc:citus:" + TAG + ":///shop?TC_WORKERS=many"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TC_WORKERS was \"many\" in the jdbc:tc:citus URL; allowed: a whole number 0..32");
    }
}
