package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** workerFor names the worker that holds a tenant: stopping it takes that tenant down and no other. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerForIT {

    private CitusClusterContainer cluster;

    @BeforeAll
    void start() throws SQLException {
        TestImages.assumeAvailable(TestImages.primary());
        cluster = new CitusClusterContainer(TestImages.primary()).withWorkers(2).withShardCount(4);
        cluster.start();
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE invoices (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))",
                    "SELECT create_distributed_table('invoices', 'tenant_id')",
                    "INSERT INTO invoices SELECT t, 1 FROM generate_series(1, 50) t",
                    "CREATE TABLE currencies (code text PRIMARY KEY)", "SELECT create_reference_table('currencies')",
                    "CREATE TABLE notes (id bigint)",
                    "CREATE TABLE accounts (code text PRIMARY KEY)",
                    "SELECT create_distributed_table('accounts', 'code')");
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void stoppingTheWorkerOfOneTenantLeavesATenantOnTheOtherWorkerWorking() throws SQLException {
        CitusNode worker = cluster.workerFor("invoices", 1L);
        long other = 2;
        while (cluster.workerFor("invoices", other) == worker) {
            other++;
        }
        long otherTenant = other;
        assertThat(cluster.getWorkers()).contains(worker);

        worker.stop();
        try {
            assertThat(cluster.workerFor("invoices", 1L)).as("read from the coordinator's metadata").isSameAs(worker);
            assertThatThrownBy(() -> tenantRows(1)).isInstanceOf(SQLException.class);
            assertThat(tenantRows(otherTenant)).isEqualTo(1);
        } finally {
            worker.start();
        }
        assertThat(tenantRows(1)).isEqualTo(1);
    }

    @Test
    void theValueIsConvertedToTheDistributionColumnsType() {
        assertThat(cluster.workerFor("invoices", "1")).isSameAs(cluster.workerFor("invoices", 1));
        assertThat(cluster.workerFor("accounts", "ACME")).isIn(cluster.getWorkers());
    }

    @Test
    void aReferenceTableIsEverywhereAndOtherTablesAreNotDistributed() {
        assertThatThrownBy(() -> cluster.workerFor("currencies", "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workerFor(\"currencies\", EUR): currencies is a reference table: it is on every node, so"
                        + " no one worker holds a value; allowed: a distributed table (create_distributed_table)");
        assertThatThrownBy(() -> cluster.workerFor("notes", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workerFor(\"notes\", 1): notes is not a Citus table; allowed: a distributed table"
                        + " (create_distributed_table)");
        assertThatThrownBy(() -> cluster.workerFor("no_such_table", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("workerFor(\"no_such_table\", 1): table was \"no_such_table\"; allowed: an"
                        + " existing distributed table (ERROR: relation \"no_such_table\" does not exist");
        assertThatThrownBy(() -> cluster.workerFor("invoices", "not a number"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("workerFor(\"invoices\", not a number): distributionValue was not a number;"
                        + " allowed: a value of the distribution column's type");
    }

    private long tenantRows(long tenant) throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            return count(c, "SELECT count(*) FROM invoices WHERE tenant_id = " + tenant);
        }
    }
}
