package com.example.ads;

// tag::service-connection-imports[]
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.assertj.CitusAssertions;
import io.citustestkit.junit.DisabledWithoutCitusImage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.dao.DataIntegrityViolationException;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
// end::service-connection-imports[]

// tag::service-connection[]
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
@DisabledWithoutCitusImage
class CampaignServiceIT {

    @Container
    @ServiceConnection
    static CitusClusterContainer citus = new CitusClusterContainer();

    @Autowired
    CampaignService campaigns;
    // end::service-connection[]

    // tag::flyway[]
    @Test
    void flywayDistributedTheTablesByCompanyAndColocatedThem() {
        CitusAssertions.assertThat(citus).table("companies").isDistributed().hasDistributionColumn("company_id");
        CitusAssertions.assertThat(citus).table("campaigns").isColocatedWith("companies");
        CitusAssertions.assertThat(citus).table("currencies").isReferenceTable();
    }
    // end::flyway[]

    @Test
    void aTenantsCampaignListIsRoutedToOneShard() {
        CitusAssertions.assertThat(citus)
                .query("SELECT name FROM campaigns WHERE company_id = ? ORDER BY campaign_id", 1L)
                .isRouterQuery();
    }

    @Test
    void aTenantsCampaignsAreReadBack() {
        campaigns.onboard(1, "Acme");
        campaigns.addCampaign(1, 10, "Spring sale", new BigDecimal("100.00"));
        campaigns.addCampaign(1, 11, "Autumn sale", new BigDecimal("50.00"));
        campaigns.onboard(2, "Globex");
        campaigns.addCampaign(2, 20, "Launch", new BigDecimal("75.00"));

        assertThat(campaigns.campaignNames(1)).containsExactly("Spring sale", "Autumn sale");
        assertThat(campaigns.budgetPerCompany())
                .containsEntry("Acme", new BigDecimal("150.00"))
                .containsEntry("Globex", new BigDecimal("75.00"));
    }

    @Test
    void theForeignKeyBetweenCoLocatedTablesIsEnforced() {
        assertThatThrownBy(() -> campaigns.addCampaign(999, 1, "orphan", BigDecimal.ONE))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("campaigns");
    }
}
