package com.example.quickstart;

// tag::container-imports[]
import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
// end::container-imports[]

/** The cluster as a plain Testcontainers {@code @Container}, and a fault test that stops the worker of one tenant. */
// tag::container-annotation[]
@Testcontainers
class ContainerIT {

    @Container   // started before the first test, stopped after the last, by Testcontainers' extension
    static CitusClusterContainer cluster = new CitusClusterContainer().withWorkers(2).withShardCount(2);

    @BeforeAll
    static void schema() throws SQLException {
        // createConnection(queryString) appends its argument to the JDBC URL: "" connects to the coordinator as is
        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
            s.execute("SELECT create_distributed_table('invoices', 'tenant_id')");
            s.execute("INSERT INTO invoices SELECT t, i FROM generate_series(1, 2) t, generate_series(1, 5) i");
        }
    }
    // end::container-annotation[]

    @Test
    void theClusterIsADistributedDatabase() {
        assertThat(cluster).hasActiveWorkers(2);
        assertThat(cluster).table("invoices").isDistributed().hasDistributionColumn("tenant_id");
    }

    // tag::worker-for[]
    @Test
    void whenTheWorkerOfTenant1IsDownTenant2StillWorks() throws SQLException {
        CitusNode worker = cluster.workerFor("invoices", 1L);   // the worker holding tenant 1's shard
        assertThat(cluster.workerFor("invoices", 2L)).isNotSameAs(worker);

        worker.stop();
        try {
            assertThatThrownBy(() -> invoicesOf(1)).isInstanceOf(SQLException.class);
            assertThat(invoicesOf(2)).isEqualTo(5);
        } finally {
            worker.start();                                      // back with its data
        }
        assertThat(invoicesOf(1)).isEqualTo(5);
    }
    // end::worker-for[]

    private static long invoicesOf(long tenant) throws SQLException {
        try (Connection c = cluster.createConnection("");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM invoices WHERE tenant_id = " + tenant)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
