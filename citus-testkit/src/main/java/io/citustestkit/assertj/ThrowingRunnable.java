package io.citustestkit.assertj;

/**
 * A block of test code that may throw, for {@link CitusClusterAssert#statementsDuring(ThrowingRunnable)}.
 *
 * <pre>{@code
 * assertThat(cluster).statementsDuring(() -> service.invoice(tenant)).areAllRouterQueries();
 * }</pre>
 */
@FunctionalInterface
public interface ThrowingRunnable {

    /** Runs the block. */
    void run() throws Throwable;
}
