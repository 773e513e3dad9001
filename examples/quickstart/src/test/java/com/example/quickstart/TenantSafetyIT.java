package com.example.quickstart;

import static io.citustestkit.assertj.CitusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.CitusCluster;
import io.citustestkit.junit.Reset;
import io.citustestkit.junit.RouterQueriesOnly;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The two mistakes that still give right answers in a test: a query without the tenant filter (it runs on every
 * shard) and a table nobody distributed. Same cluster as {@link QuickstartIT}.
 */
@CitusCluster(workers = 2, initScripts = "schema.sql", reset = Reset.TRUNCATE)
class TenantSafetyIT {

    static long count(Connection db, String sql, Object param) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setObject(1, param);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // tag::schema[]
    @Test
    void everyTableIsDistributedOrReferenceAndCoLocated(CitusClusterContainer cluster) {
        assertThat(cluster).schema("public")
                .hasNoLocalTables()                 // flyway_schema_history and Liquibase's tables are excepted
                .allDistributedTablesAreColocatedWith("companies")
                .hasNoForeignKeysToLocalTables();
    }
    // end::schema[]

    // tag::router-only[]
    @Test
    @RouterQueriesOnly(allow = "GROUP BY c.name")   // the cross-tenant report may fan out
    void aTenantsPageSendsOnlyRouterQueries(Connection db) throws SQLException {
        count(db, "SELECT count(*) FROM campaigns WHERE company_id = ?", 1L);
        count(db, "SELECT count(*) FROM ads a JOIN ad_formats f USING (format) WHERE a.company_id = ?", 1L);
        count(db, "SELECT count(*) FROM (SELECT c.name FROM companies c JOIN ads a USING (company_id)"
                + " WHERE a.clicks > ? GROUP BY c.name) report", 0L);
    }
    // end::router-only[]

    // tag::statements-during[]
    @Test
    void aBadgeCountWithoutTheTenantFilterIsCaught(CitusClusterContainer cluster, Connection db) {
        assertThat(cluster).statementsDuring(() -> count(db, "SELECT count(*) FROM ads WHERE company_id = ?", 1L))
                .areAllRouterQueries();

        assertThatThrownBy(() -> assertThat(cluster)
                .statementsDuring(() -> count(db, "SELECT count(*) FROM ads WHERE format = ?", "banner"))
                .areAllRouterQueries())
                .hasMessageContaining("1. SELECT count(*) FROM ads WHERE format = $1")
                .hasMessageContaining("parameters: $1 = 'banner'")
                .hasMessageContaining("shards touched: 32");
    }
    // end::statements-during[]
}
