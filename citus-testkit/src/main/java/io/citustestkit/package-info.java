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
 * for assertions about distribution see {@link io.citustestkit.assertj}.
 */
package io.citustestkit;
