package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Args;

/**
 * The actual value of a {@link DistributedTableAssert}: a table name in a Citus cluster. The name is resolved when an
 * assertion runs, with {@code to_regclass} rules: {@code "orders"} (search path), {@code "app.orders"},
 * {@code "app.\"Orders\""} (double quotes keep case).
 *
 * <pre>{@code
 * // usually reached through CitusAssertions.assertThat(cluster).table("orders"); for your own SoftAssertions:
 * softly.proxy(DistributedTableAssert.class, ClusterTable.class, new ClusterTable(cluster, "orders"))
 *       .isDistributed();
 * }</pre>
 *
 * @param cluster a started cluster
 * @param name    the table name as SQL would write it
 */
public record ClusterTable(CitusClusterContainer cluster, String name) {

    /** Checks that both values are given. */
    public ClusterTable {
        Args.notNull("cluster", cluster);
        Args.notBlank("table name", name);
    }

    @Override
    public String toString() {
        return "table " + name + " in Citus cluster " + cluster.getClusterId();
    }
}
