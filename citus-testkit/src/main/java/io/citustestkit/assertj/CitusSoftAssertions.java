package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
import org.assertj.core.api.SoftAssertions;

/**
 * AssertJ {@link SoftAssertions} that also know the Citus assertions: every failure is collected, including those of
 * {@code table(...)} and {@code query(...)} chains, and reported together by {@link #assertAll()}. AssertJ's standard
 * soft assertions are inherited, so one object checks both.
 *
 * <pre>{@code
 * CitusSoftAssertions softly = new CitusSoftAssertions();
 * softly.assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("tenant_id");
 * softly.assertThat(rowCount).isEqualTo(3);             // AssertJ's own, collected too
 * softly.assertThat(cluster).table("countries").isReferenceTable();
 * softly.assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
 * softly.assertAll();
 *
 * // or: SoftAssertionsProvider.assertSoftly(CitusSoftAssertions.class, softly -> { ... });
 * }</pre>
 *
 * <p>The assert classes also work with a plain {@code SoftAssertions}:
 * {@code softly.proxy(DistributedTableAssert.class, ClusterTable.class, new ClusterTable(cluster, "orders"))}.
 */
public class CitusSoftAssertions extends SoftAssertions {

    /** Soft assertions about a started cluster; table and query assertions reached from it are soft too. */
    public CitusClusterAssert assertThat(CitusClusterContainer actual) {
        CitusClusterAssert proxy = proxy(CitusClusterAssert.class, CitusClusterContainer.class, actual);
        proxy.collectingIn(this);
        return proxy;
    }
}
