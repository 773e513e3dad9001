package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Args;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The actual value of a {@link DistributedQueryAssert}: an SQL statement with JDBC {@code ?} parameters and the
 * values to bind, in a Citus cluster. The statement is never executed: its plan is read with
 * {@code EXPLAIN (FORMAT JSON)}.
 *
 * <pre>{@code
 * // usually reached through CitusAssertions.assertThat(cluster).query(sql, params); for your own SoftAssertions:
 * softly.proxy(DistributedQueryAssert.class, ClusterQuery.class,
 *         new ClusterQuery(cluster, "SELECT * FROM orders WHERE tenant_id = ?", List.of(42L)))
 *       .isRouterQuery();
 * }</pre>
 *
 * @param cluster a started cluster
 * @param sql     one SQL statement (SELECT, INSERT, UPDATE, DELETE, MERGE) with {@code ?} parameters
 * @param params  the values bound with {@code PreparedStatement.setObject}, in order; may hold nulls
 */
public record ClusterQuery(CitusClusterContainer cluster, String sql, List<Object> params) {

    /** Checks the values; the parameter list is copied (nulls allowed). */
    public ClusterQuery {
        Args.notNull("cluster", cluster);
        Args.notBlank("sql", sql);
        params = params == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(params));
    }

    @Override
    public String toString() {
        return "query " + sql + (params.isEmpty() ? "" : " with parameters " + params)
                + " in Citus cluster " + cluster.getClusterId();
    }
}
