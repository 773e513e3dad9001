package io.citustestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Fails a test whose statements fan out: while the test method runs, every statement that any session sends to the
 * coordinator (the application's own pool included, not only the kit's injected connections) must run on a single
 * shard group, or touch only reference or local tables. Otherwise the test fails after it ran, listing each
 * offending statement with its parameters (where the server log has them) and the shards it touches.
 *
 * <pre>{@code
 * @CitusCluster(initScripts = "schema.sql")
 * @RouterQueriesOnly(allow = "FROM audit_log")   // every test of the class; or put it on single test methods
 * class InvoiceServiceTest {
 *     @Test
 *     void invoicesOneTenant(DataSource dataSource) {
 *         new InvoiceService(dataSource).invoice(42L);   // a query without "tenant_id = ?" fails the test
 *     }
 * }
 * }</pre>
 *
 * <p><b>Cluster.</b> The cluster of the class's {@link CitusCluster @CitusCluster}, else every started
 * {@code CitusClusterContainer} in a field of the test instance (or an enclosing one) or a static field of the class
 * (a Testcontainers {@code @Container}). A test with neither fails with an {@code ExtensionConfigurationException}.
 *
 * <p><b>What counts.</b> The statements of the test method itself: not those of {@code @BeforeEach} and
 * {@code @AfterEach} methods (set-up may well touch every shard), not the kit's own statements (registration, reset,
 * assertions). Citus logs a statement it runs as more than one task ({@code citus.multi_task_query_log_level});
 * for the time of the test the kit sets it with {@code ALTER SYSTEM} and a reload, so sessions opened before the
 * test see it too, and sets it back afterwards. The log record goes to the server log only (the application sees
 * no warning). A multi-row {@code INSERT} into several shards is not reported by Citus.
 *
 * <p><b>Parallel execution.</b> The setting applies to the whole cluster, and a cluster is often shared by many
 * classes, so an annotated test runs in isolation: the annotation holds JUnit's global resource lock
 * ({@link Resources#GLOBAL}, read-write), and JUnit runs the class of an annotated test on its own, one test at a
 * time. The other tests of the run still run in parallel before and after it.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RouterQueriesOnlyExtension.class)
@ResourceLock(value = Resources.GLOBAL, mode = ResourceAccessMode.READ_WRITE)
public @interface RouterQueriesOnly {

    /**
     * Regular expressions ({@code java.util.regex.Pattern}, with {@code DOTALL}) of statements that may fan out,
     * such as a nightly report or an admin page: a statement is allowed when one of them matches a part of its text
     * ({@code Matcher.find()}) as the server logged it (parameters as {@code $1}, {@code $2}). A pattern that does
     * not compile fails the test, naming it.
     */
    String[] allow() default {};
}
