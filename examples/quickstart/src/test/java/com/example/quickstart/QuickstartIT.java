package com.example.quickstart;

// tag::cluster[]
import static io.citustestkit.assertj.CitusAssertions.*;   // Citus' and AssertJ's assertions, one import

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.CitusCluster;
import io.citustestkit.junit.Reset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// a multi-tenant ad platform: companies, campaigns and ads distributed by company_id and co-located
@CitusCluster(workers = 2, initScripts = "schema.sql", dataScripts = "ad-formats.sql", reset = Reset.TRUNCATE)
class QuickstartIT {

    @BeforeEach
    void twoTenants(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            // reset = TRUNCATE empties every table after each test; dataScripts puts ad_formats back
            s.execute("INSERT INTO companies VALUES (1, 'Acme'), (2, 'Globex')");
            s.execute("INSERT INTO campaigns VALUES (1, 10, 'Spring sale'), (2, 20, 'Launch')");
            s.execute("INSERT INTO ads VALUES (1, 100, 10, 'banner', 7), (1, 101, 10, 'square', 3),"
                    + " (2, 200, 20, 'banner', 5)");
        }
    }
    // end::cluster[]

    // tag::distribution[]
    @Test
    void tablesAreDistributedByCompanyAndColocated(CitusClusterContainer cluster) {
        assertThat(cluster).hasActiveWorkers(2);
        assertThat(cluster).table("companies").isDistributed().hasDistributionColumn("company_id")
                .hasShardsOnEveryWorker();
        assertThat(cluster).table("campaigns").isColocatedWith("companies");
        assertThat(cluster).table("ads").isColocatedWith("companies");
        assertThat(cluster).table("ad_formats").isReferenceTable();
    }
    // end::distribution[]

    // tag::router[]
    @Test
    void oneTenantsQueryGoesToOneShard(CitusClusterContainer cluster, Connection db) throws SQLException {
        String adsOfACompany = "SELECT a.ad_id, f.width FROM ads a JOIN ad_formats f USING (format)"
                + " WHERE a.company_id = ? ORDER BY a.ad_id";
        assertThat(cluster).query(adsOfACompany, 1L).isRouterQuery();

        try (PreparedStatement p = db.prepareStatement(adsOfACompany)) {
            p.setLong(1, 1L);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(100);
                assertThat(rs.getInt(2)).isEqualTo(728);
            }
        }
    }
    // end::router[]

    // tag::multi-shard[]
    @Test
    void aCrossTenantReportRunsOnEveryShard(CitusClusterContainer cluster, Connection db) throws SQLException {
        String clicksPerCompany = "SELECT c.name, sum(a.clicks) FROM companies c JOIN ads a USING (company_id)"
                + " GROUP BY c.name ORDER BY c.name";
        assertThat(cluster).query(clicksPerCompany).isMultiShardQuery();

        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(clicksPerCompany)) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Acme");
            assertThat(rs.getLong(2)).isEqualTo(10);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Globex");
            assertThat(rs.getLong(2)).isEqualTo(5);
        }
    }
    // end::multi-shard[]

    // tag::foreign-key[]
    @Test
    void theForeignKeyWorksBecauseTheTablesAreColocated(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            // an ad for a campaign that company 2 does not have: rejected on the worker that holds company 2
            assertThatThrownBy(() -> s.execute("INSERT INTO ads VALUES (2, 201, 10, 'banner', 0)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("violates foreign key constraint");
            // and deleting a campaign that still has ads is refused
            assertThatThrownBy(() -> s.execute("DELETE FROM campaigns WHERE company_id = 1 AND campaign_id = 10"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("foreign key");
        }
    }
    // end::foreign-key[]
}
