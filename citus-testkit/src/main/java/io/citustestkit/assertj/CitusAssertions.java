package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
import org.assertj.core.api.Assertions;

/**
 * Entry point of the AssertJ assertions about a Citus cluster (distribution of tables, the shards a query touches)
 * and, inherited from {@link Assertions}, of all of AssertJ's standard ones, as AssertJ advises for custom entry
 * points: one static import gives both.
 *
 * <pre>{@code
 * import static io.citustestkit.assertj.CitusAssertions.*;
 *
 * assertThat(cluster).hasActiveWorkers(2);
 * assertThat(rs.next()).isTrue();                      // AssertJ's own, through the same import
 * assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class);
 * assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("tenant_id").isColocatedWith("order_items");
 * assertThat(cluster).table("countries").isReferenceTable();
 * assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
 * // tenant safety
 * assertThat(cluster).schema("public").hasNoLocalTables().allDistributedTablesAreColocatedWith("companies");
 * assertThat(cluster).statementsDuring(() -> service.invoice(tenant)).areAllRouterQueries();
 * }</pre>
 *
 * <p>For soft assertions use {@link CitusSoftAssertions}.
 */
public class CitusAssertions extends Assertions {

    /** Not instantiated, but open for extension so that a project can add its own entry points. */
    protected CitusAssertions() {}

    /** Assertions about a started cluster. */
    public static CitusClusterAssert assertThat(CitusClusterContainer actual) {
        return new CitusClusterAssert(actual);
    }
}
