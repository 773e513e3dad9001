package com.example.quickstart;

import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.CitusCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

// tag::several-versions[]
// runs twice: once on a Citus 13.2 cluster, once on a Citus 14.0 cluster; each run is named after its image
@CitusCluster(workers = 1, initScripts = "schema.sql",
        image = {"citusdata/citus:13.2.0", "citusdata/citus:14.0.0"})
class SeveralVersionsIT {

    @Test
    void theSchemaWorksOnEveryVersion(CitusClusterContainer cluster, Connection db) throws SQLException {
        assertThat(cluster).table("campaigns").isColocatedWith("companies");

        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT citus_version()")) {
            rs.next();
            // "Citus 13.2.0 on x86_64-pc-linux-gnu, ..." in the first run, "Citus 14.0.0 ..." in the second
            assertThat(rs.getString(1)).startsWith("Citus " + cluster.getBaseImage().getVersionPart());
        }
    }
}
// end::several-versions[]
