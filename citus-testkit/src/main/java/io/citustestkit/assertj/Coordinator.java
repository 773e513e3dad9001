package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;

/** Connections to the coordinator for the assertions: one per assertion, closed after it. */
final class Coordinator {

    private Coordinator() {}

    static Connection connect(CitusClusterContainer cluster, String assertion) {
        if (cluster.getContainerId() == null) {
            throw new IllegalStateException(assertion + " needs a started cluster; call start() first"
                    + " (or let @Container / @CitusCluster start it)");
        }
        try {
            // the kit's own session: never captured as the application's statements
            return Jdbc.connectForKit(cluster.getJdbcUrl(), cluster.getUsername(), cluster.getPassword(), 10);
        } catch (SQLException e) {
            throw new IllegalStateException(assertion + " could not connect to the coordinator ("
                    + cluster.getJdbcUrl() + "): " + e.getMessage(), e);
        }
    }

    static IllegalStateException readFailure(String assertion, SQLException e) {
        return new IllegalStateException(assertion + " could not read the Citus metadata: " + e.getMessage(), e);
    }
}
