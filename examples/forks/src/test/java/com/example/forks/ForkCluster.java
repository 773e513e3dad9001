package com.example.forks;

import io.citustestkit.CitusClusterContainer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The one cluster of this test JVM (one Failsafe fork), started by the first test class that asks and used by every
 * class the fork runs. Not reusable: removed when the fork ends. Reusable ({@code -Dforks.reuse=true}): kept for the
 * next build, one per fork through the reuse key {@code -Dcitustestkit.reuse.key=fork-${surefire.forkNumber}}.
 */
final class ForkCluster {

    // tag::fork-cluster[]
    static final CitusClusterContainer CLUSTER = new CitusClusterContainer()
            .withWorkers(2)
            .withReuse(Boolean.getBoolean("forks.reuse")); // the reuse key: -Dcitustestkit.reuse.key, set per fork
    // end::fork-cluster[]

    static {
        CLUSTER.start();
    }

    private ForkCluster() {}

    /** This fork ({@code fork-1}, {@code fork-2}) as Failsafe names it from its fork number. */
    static String fork() {
        return System.getProperty("forks.fork", "");
    }

    /** Records that this fork used the cluster, and returns every fork that ever did (a cluster kept by reuse too). */
    static List<String> markAndListForks(String testClass) throws SQLException {
        try (Connection c = CLUSTER.createConnection(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS fork_marks (fork text, test_class text)");
            s.execute("INSERT INTO fork_marks VALUES ('" + fork() + "', '" + testClass + "')");
            List<String> forks = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT DISTINCT fork FROM fork_marks ORDER BY fork")) {
                while (r.next()) {
                    forks.add(r.getString(1));
                }
            }
            return forks;
        }
    }
}
