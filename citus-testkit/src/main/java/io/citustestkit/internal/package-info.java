/**
 * Internals of citus-testkit. <strong>Not API</strong>: anything in this package may change or
 * disappear in any release without notice. Use the types in {@code io.citustestkit},
 * {@code io.citustestkit.junit} and {@code io.citustestkit.assertj} instead.
 */
package io.citustestkit.internal;
