package com.example.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A coordinator and two workers on the default image, a distributed table, a query. */
class QuickstartIT {

    @Test
    void distributesATableOverTwoWorkers() throws Exception {
        // tag::start[]
        try (CitusClusterContainer cluster = new CitusClusterContainer()) {     // citusdata/citus:13.2.0, 2 workers
            cluster.start();
            try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE events (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
                s.execute("SELECT create_distributed_table('events', 'tenant_id')");
                s.execute("INSERT INTO events SELECT t, i FROM generate_series(1, 10) t, generate_series(1, 10) i");
                // end::start[]

                try (ResultSet rs = s.executeQuery(
                        "SELECT nodename, count(*) FROM citus_shards WHERE table_name = 'events'::regclass"
                                + " GROUP BY nodename ORDER BY nodename")) {
                    System.out.println("Shards of 'events' per worker:");
                    int workers = 0;
                    while (rs.next()) {
                        System.out.printf("  %s: %d shards%n", rs.getString(1), rs.getLong(2));
                        workers++;
                    }
                    assertThat(workers).isEqualTo(2);
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(100);
                }
            }
        }
    }
}
