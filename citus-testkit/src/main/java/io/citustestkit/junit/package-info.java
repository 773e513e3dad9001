/**
 * JUnit Jupiter support: {@link io.citustestkit.junit.CitusCluster @CitusCluster} gives a test class a started Citus
 * cluster, shared by classes with equal settings, and injects it (or a {@code DataSource}, {@code Connection} or
 * worker node) into parameters and {@link io.citustestkit.junit.CitusClusterResource @CitusClusterResource} fields.
 *
 * <pre>{@code
 * @CitusCluster(workers = 2, initScripts = "schema.sql", reset = Reset.TRUNCATE)
 * class OrdersTest {
 *     @Test
 *     void storesAnOrder(DataSource dataSource) throws SQLException { ... }
 * }
 * }</pre>
 *
 * <p>{@link io.citustestkit.junit.RouterQueriesOnly @RouterQueriesOnly} fails a test in which any session sent the
 * coordinator a statement that ran on more than one shard (a query that lost its tenant filter).
 *
 * <p>Works on JUnit 5.14 and later, including JUnit 6: the Jupiter API is a {@code provided} dependency, so the
 * JUnit of your build is used. The annotations are the API; the extension classes are not public.
 */
package io.citustestkit.junit;
