package com.example.consumer;

import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Testcontainers' own way, in a {@code *IT} class (failsafe): {@code @Testcontainers} and a {@code @Container} field. */
@Testcontainers
class ContainerIT {

    @Container
    static CitusClusterContainer cluster = new CitusClusterContainer().withWorkers(1);

    @Test
    void aTableDistributedOnTheContainersCluster() throws Exception {
        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
            s.execute("SELECT create_distributed_table('invoices', 'tenant_id')");
        }
        assertThat(cluster).hasActiveWorkers(1);
        assertThat(cluster).table("invoices").isDistributed().hasDistributionColumn("tenant_id");
        assertThat(cluster.getWorkers()).hasSize(1);
    }
}
