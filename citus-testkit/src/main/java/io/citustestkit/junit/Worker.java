package io.citustestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which worker a {@code CitusNode} parameter or {@link CitusClusterResource} field gets: the 0-based index,
 * as in {@code CitusClusterContainer.getWorker(int)} ({@code @Worker(0)} is the node with network alias
 * {@code worker-1}).
 *
 * <pre>{@code
 * @CitusCluster(workers = 2)
 * class FailoverTest {
 *     @Test
 *     void survivesAWorkerRestart(@Worker(1) CitusNode worker, Connection coordinator) throws SQLException {
 *         worker.stop();
 *         worker.start();
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
public @interface Worker {

    /** 0-based worker index: 0 up to {@code workers - 1}. */
    int value();
}
