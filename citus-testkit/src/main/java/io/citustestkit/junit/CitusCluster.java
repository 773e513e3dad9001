package io.citustestkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Gives a test class a started Citus cluster (a {@code CitusClusterContainer}: coordinator plus workers).
 *
 * <pre>{@code
 * @CitusCluster(workers = 2, initScripts = "schema.sql", reset = Reset.TRUNCATE)
 * class OrdersTest {
 *     @Test
 *     void routesByTenant(DataSource dataSource, @Worker(0) CitusNode worker) throws SQLException {
 *         try (Connection c = dataSource.getConnection()) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Injection.</b> Parameters of constructors, lifecycle and test methods, and fields annotated
 * {@link CitusClusterResource @CitusClusterResource}, of these types: {@code CitusClusterContainer},
 * {@code javax.sql.DataSource} (the coordinator; connections are real and closed by you), {@code java.sql.Connection}
 * (to the coordinator, closed after the test; after the class when asked for by {@code @BeforeAll} or a static
 * field) and {@code CitusNode} with {@link Worker @Worker(index)}. A Testcontainers supertype such as
 * {@code JdbcDatabaseContainer<?>} gets the cluster when the parameter or field is annotated
 * {@code @CitusClusterResource}. Parameters of other types (other {@code java.sql} types, Testcontainers types, a
 * {@code CitusNode} without {@code @Worker}) are not claimed, so other extensions can resolve them. An annotated
 * parameter of an unsupported type, a {@code @Worker} on another type or an index out of range fails with a
 * {@code ParameterResolutionException} naming the parameter, its type and what is supported.
 *
 * <p><b>Several Citus versions.</b> {@code @CitusCluster(image = {"citusdata/citus:12.1-pg15",
 * "citusdata/citus:14.0.0"})}, or {@code -Dcitustestkit.image=a,b} for classes without an image, runs the class
 * once per image, each run on a cluster of its image (see {@link #image()}).
 *
 * <p><b>Sharing.</b> Classes with equal settings ({@link #image()} after resolution, {@link #workers()},
 * {@link #shardCount()}, {@link #initScripts()}, {@link #dataScripts()}, {@link #reset()}) share one cluster, started
 * once, on first use, and stopped when the test run ends. {@link #shared() shared = false} gives the class its own cluster, stopped after the
 * class. {@code @Nested} classes use the cluster of their enclosing class unless they carry their own annotation.
 *
 * <p><b>Parallel execution.</b> A cluster requested by many classes at once is started once (the others wait for
 * it). Classes with a {@link #reset()} mode other than {@code NONE} hold an exclusive JUnit resource lock per cluster
 * settings, so tests that share such a cluster run one at a time and never see each other's data; tests of other
 * clusters still run in parallel. With {@code reset = NONE} tests of one cluster run concurrently, as JUnit
 * schedules them: keep their data apart yourself (own tables or keys).
 *
 * <p><b>Docker.</b> Without Docker the class fails with a message saying how to point Testcontainers at one;
 * {@link #disabledWithoutDocker() disabledWithoutDocker = true} disables it instead. See also
 * {@link DisabledWithoutCitusImage}.
 *
 * <p>{@code @Inherited}, and usable as a meta-annotation on an annotation of your own (which should be
 * {@code @Inherited} too if subclasses are to get it).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ClassTemplate
@ExtendWith({CitusClusterExtension.class, CitusClusterTemplate.class})
@ResourceLock(providers = CitusClusterLocks.class)
public @interface CitusCluster {

    /**
     * Configuration parameter and system property naming the image, or a comma-separated list of images, used when
     * {@link #image()} is empty: {@code -Dcitustestkit.image=citusdata/citus:13.2.0,citusdata/citus:14.0.0} runs every
     * such class once per listed image. The configuration parameter wins over the system property.
     */
    String IMAGE_PROPERTY = "citustestkit.image";

    /** Number of workers, 0..32 ({@code CitusClusterContainer.withWorkers}); default 2. */
    int workers() default 2;

    /**
     * The Citus image, such as {@code "citusdata/citus:13.2.0"}, or several:
     * {@code image = {"citusdata/citus:12.1-pg15", "citusdata/citus:14.0.0"}} runs the class once per image (a JUnit
     * class template; each run is named after its image, has a cluster of that image and shares it with classes of
     * equal settings). With one image the class runs once, as a single run named after the image.
     *
     * <p>Empty (the default): the JUnit configuration parameter {@value #IMAGE_PROPERTY}, else the system property of
     * that name, else {@code CitusClusterContainer.DEFAULT_IMAGE}. So a build can switch the Citus version of every
     * {@code @CitusCluster} class with {@code -Dcitustestkit.image=citusdata/citus:14.0.0-pg17}, or run each on
     * several with a comma-separated list (a {@code new CitusClusterContainer()} of your own keeps
     * {@code DEFAULT_IMAGE}). Any name is taken as a Citus image (your company's own, a mirror's, Citus with
     * PostGIS); a blank entry, a name that is not an image name, an image named twice, or an image that turns out not
     * to be Citus at start fails the class with an {@code ExtensionConfigurationException} naming it.
     *
     * <p>With several images, JUnit runs {@code @BeforeAll} and {@code @AfterAll} once for all runs, so they cannot
     * be given the cluster; static {@code @CitusClusterResource} fields are filled at the start of each run.
     */
    String[] image() default {};

    /** {@code citus.shard_count} for new distributed tables, 1..64000; 0 (the default) keeps Citus' default. */
    int shardCount() default 0;

    /**
     * SQL scripts (classpath resources, such as {@code "db/schema.sql"} for {@code src/test/resources/db/schema.sql};
     * no leading {@code "/"}) run in order on the coordinator once the cluster is up. The same paths are accepted as
     * by {@code CitusClusterContainer.withInitScript}; a path that is not one fails the class with an
     * {@code ExtensionConfigurationException} naming the class and this attribute.
     */
    String[] initScripts() default {};

    /**
     * Seed data: SQL scripts (classpath resources, same rules as {@link #initScripts()}) run after the init scripts
     * and again after every reset ({@code TRUNCATE} or {@code DROP}), so reference data comes back without code in
     * {@code @BeforeEach}. {@code CitusClusterContainer.withDataScripts} does the same without the extension.
     */
    String[] dataScripts() default {};

    /** What happens after each test; default {@link Reset#NONE}. */
    Reset reset() default Reset.NONE;

    /**
     * Tables {@link Reset#TRUNCATE} leaves alone, such as {@code "public.countries"} (reference data, settings); the
     * history tables of Flyway and Liquibase are always kept. Each must exist when the first reset runs (after the
     * init scripts), else the test fails naming it. {@link Reset#DROP} drops them too
     * ({@code CitusClusterContainer.withKeptTables}).
     */
    String[] keptTables() default {};

    /** True (the default): share the cluster with classes of equal settings. False: a cluster of its own. */
    boolean shared() default true;

    /** True: disable the tests (with a reason) when Docker is not available. False (default): fail them. */
    boolean disabledWithoutDocker() default false;

    /**
     * True: every node is registered under an address the test JVM reaches too, for code that reads
     * {@code citus_get_active_worker_nodes()} and connects to workers itself
     * ({@code CitusClusterContainer.withHostReachableNodes}). False (default): network aliases such as
     * {@code worker-1:5432}.
     */
    boolean hostReachableNodes() default false;
}
