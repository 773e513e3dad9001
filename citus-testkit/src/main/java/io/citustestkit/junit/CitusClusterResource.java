package io.citustestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that {@link CitusCluster @CitusCluster} fills with the cluster or a part of it, or a parameter it
 * resolves. Supported types are {@code CitusClusterContainer} (or a Testcontainers supertype such as
 * {@code JdbcDatabaseContainer<?>}), {@code javax.sql.DataSource}, {@code java.sql.Connection} (closed after the
 * test, or after the class for a static field) and {@code CitusNode} with {@link Worker @Worker}.
 * Static fields are filled before {@code @BeforeAll} methods run, instance fields right after the test instance is
 * made. The field must not be final.
 *
 * <p>On a parameter it is needed only for a Testcontainers supertype: parameters of type
 * {@code CitusClusterContainer}, {@code DataSource} and {@code Connection}, and {@code @Worker} parameters, are
 * resolved without it; any other parameter type is left to other extensions unless annotated, and an annotated
 * parameter of an unsupported type fails naming what is supported.
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
 *
 *     @Test
 *     void migrates(@CitusClusterResource JdbcDatabaseContainer<?> database) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface CitusClusterResource {}
