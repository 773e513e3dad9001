package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
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
            return cluster.createConnection("");
        } catch (SQLException e) {
            throw new IllegalStateException(assertion + " could not connect to the coordinator ("
                    + cluster.getJdbcUrl() + "): " + e.getMessage(), e);
        }
    }

    static IllegalStateException readFailure(String assertion, SQLException e) {
        return new IllegalStateException(assertion + " could not read the Citus metadata: " + e.getMessage(), e);
    }
}
