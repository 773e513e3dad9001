/**
 * citus-testkit: a real Citus cluster (coordinator + N workers) in your tests.
 *
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer()) {
 *     cluster.start();
 *     CitusNode worker = cluster.getWorker(0);
 * }
 * }</pre>
 *
 * <p>Start with {@link io.citustestkit.CitusClusterContainer}; for JUnit 5 see {@link io.citustestkit.junit},
 * for assertions about distribution see {@link io.citustestkit.assertj}. A {@code jdbc:tc:citus:} URL alone starts a
 * cluster too ({@link io.citustestkit.CitusClusterContainerProvider}).
 *
 * <p>The module name is {@code io.citustestkit}. The package {@code io.citustestkit.internal} is not API: it may
 * change in any release, and this documentation leaves it out.
 */
package io.citustestkit;
