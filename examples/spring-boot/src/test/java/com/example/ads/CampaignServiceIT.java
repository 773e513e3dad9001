package com.example.ads;

// tag::service-connection-imports[]
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.assertj.CitusAssertions;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.dao.DataIntegrityViolationException;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
// end::service-connection-imports[]
// the tenant-safety tests
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.citustestkit.junit.RouterQueriesOnly;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

// tag::service-connection[]
@SpringBootTest
@Testcontainers
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

    // tag::schema[]
    @Test
    void flywayLeftNoTableLocal() {
        CitusAssertions.assertThat(citus).schema("public")   // flyway_schema_history is excepted
                .hasNoLocalTables()
                .allDistributedTablesAreColocatedWith("companies")
                .hasNoForeignKeysToLocalTables();
    }
    // end::schema[]

    // tag::router-only[]
    @Test
    @RouterQueriesOnly   // every statement of Spring's pool while the test runs, not only the test's own
    void aTenantsRequestsSendOnlyRouterQueries() {
        campaigns.onboard(7, "Initech");
        campaigns.addCampaign(7, 70, "Launch", new BigDecimal("10.00"));
        assertThat(campaigns.campaignNames(7)).containsExactly("Launch");
    }
    // end::router-only[]

    // tag::caught[]
    /** A test that forgot the tenant filter: run by the test below, which checks how it fails. */
    @SpringBootTest
    @RouterQueriesOnly
    static class SearchesCompaniesByName {
        static CitusClusterContainer citus = CampaignServiceIT.citus;

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", citus::getJdbcUrl);
            registry.add("spring.datasource.username", citus::getUsername);
            registry.add("spring.datasource.password", citus::getPassword);
        }

        @Autowired
        CompanyRepository companies;

        @Test
        void findsAcme() {
            companies.findByName("Acme");
        }
    }

    @Test
    void aRepositoryMethodWithoutTheTenantFilterIsCaught() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SearchesCompaniesByName.class)).execute()
                .testEvents().assertThatEvents().haveExactly(1, event(test("findsAcme"), finishedWithFailure(
                        message(m -> m.contains("SearchesCompaniesByName.findsAcme()")
                                && m.contains("but 1 statement fanned out to more than one shard:")
                                && m.contains("FROM \"companies\" WHERE \"companies\".\"name\" = $1")
                                && m.contains("parameters: $1 = 'Acme'")
                                && m.contains("shards touched: 32")))));
    }
    // end::caught[]
}
