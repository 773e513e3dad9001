/**
 * AssertJ assertions that make distribution mistakes visible in a test: a table that should be distributed but is
 * local, distributed on the wrong column, not co-located with its partner, or a tenant query that fans out to every
 * shard instead of going to one.
 *
 * <pre>{@code
 * import static io.citustestkit.assertj.CitusAssertions.assertThat;
 *
 * assertThat(cluster).hasActiveWorkers(2);
 * assertThat(cluster).table("orders")
 *         .isDistributed()
 *         .hasDistributionColumn("tenant_id")
 *         .isColocatedWith("order_items")
 *         .hasShardsOnEveryWorker();
 * assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
 * assertThat(cluster).schema("public").hasNoLocalTables().hasNoForeignKeysToLocalTables();
 * assertThat(cluster).statementsDuring(() -> service.invoice(tenant)).areAllRouterQueries();
 * }</pre>
 *
 * <p>Start with {@link io.citustestkit.assertj.CitusAssertions}; for soft assertions use
 * {@link io.citustestkit.assertj.CitusSoftAssertions}. AssertJ is not a dependency of citus-testkit: bring your own
 * (3.x).
 */
package io.citustestkit.assertj;
