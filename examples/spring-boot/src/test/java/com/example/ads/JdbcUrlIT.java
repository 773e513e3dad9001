package com.example.ads;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same application on a cluster that nothing but {@code spring.datasource.url} asks for: Testcontainers' JDBC
 * driver starts a coordinator and one worker for the URL, Flyway distributes the tables, the tests use them.
 */
// tag::jdbc-url[]
@SpringBootTest(properties = "spring.datasource.url=jdbc:tc:citus:13.2.0:///ads?TC_WORKERS=1")
@DirtiesContext // closes the pool after this class: the last connection closed stops the cluster
class JdbcUrlIT {

    @Autowired
    CampaignService campaigns;

    @Autowired
    JdbcClient jdbc;
    // end::jdbc-url[]

    @Test
    void theUrlGaveACoordinatorWithOneActiveWorker() {
        assertThat(jdbc.sql("SELECT count(*) FROM citus_get_active_worker_nodes()").query(Long.class).single())
                .isEqualTo(1L);
        assertThat(jdbc.sql("SELECT current_database()").query(String.class).single()).isEqualTo("ads");
    }

    @Test
    void flywayDistributedTheTablesAndTheApplicationUsesThem() {
        assertThat(jdbc.sql("SELECT logicalrelid::text FROM pg_dist_partition WHERE partmethod = 'h' ORDER BY 1")
                .query(String.class).list()).containsExactly("campaigns", "companies");

        campaigns.onboard(7, "Initech");
        campaigns.addCampaign(7, 70, "TPS reports", new BigDecimal("12.50"));

        assertThat(campaigns.campaignNames(7)).containsExactly("TPS reports");
    }
}
