package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;

/**
 * Entry point of the AssertJ assertions about a Citus cluster: distribution of tables and the shards a query
 * touches. Combine with AssertJ's own {@code Assertions.assertThat} by static-importing both.
 *
 * <pre>{@code
 * import static io.citustestkit.assertj.CitusAssertions.assertThat;
 *
 * assertThat(cluster).hasActiveWorkers(2);
 * assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("tenant_id").isColocatedWith("order_items");
 * assertThat(cluster).table("countries").isReferenceTable();
 * assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
 * }</pre>
 *
 * <p>For soft assertions use {@link CitusSoftAssertions}.
 */
public class CitusAssertions {

    /** Not instantiated, but open for extension so that a project can add its own entry points. */
    protected CitusAssertions() {}

    /** Assertions about a started cluster. */
    public static CitusClusterAssert assertThat(CitusClusterContainer actual) {
        return new CitusClusterAssert(actual);
    }
}
