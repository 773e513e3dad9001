package io.citustestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that {@link CitusCluster @CitusCluster} fills with the cluster or a part of it. Supported types are
 * those of parameters: {@code CitusClusterContainer}, {@code javax.sql.DataSource}, {@code java.sql.Connection}
 * (closed after the test, or after the class for a static field) and {@code CitusNode} with {@link Worker @Worker}.
 * Static fields are filled before {@code @BeforeAll} methods run, instance fields right after the test instance is
 * made. The field must not be final.
 *
 * <pre>{@code
 * @CitusCluster
 * class RepositoryTest {
 *     @CitusClusterResource
 *     static CitusClusterContainer cluster;
 *
 *     @CitusClusterResource
 *     DataSource dataSource;
 *
 *     @CitusClusterResource @Worker(0)
 *     CitusNode firstWorker;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface CitusClusterResource {}
