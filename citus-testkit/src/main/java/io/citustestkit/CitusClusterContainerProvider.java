package io.citustestkit;

import io.citustestkit.internal.CitusJdbcUrl;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.JdbcDatabaseContainerProvider;
import org.testcontainers.jdbc.ConnectionUrl;

/**
 * Makes {@code jdbc:tc:citus:} URLs work: Testcontainers' JDBC driver finds this provider through
 * {@link java.util.ServiceLoader} and starts a whole cluster (coordinator and workers, registered) from the URL
 * alone, as it starts a PostgreSQL container for {@code jdbc:tc:postgresql:}. You do not call it yourself:
 *
 * <pre>{@code
 * // plain JDBC
 * try (Connection db = DriverManager.getConnection("jdbc:tc:citus:13.2.0:///shop?TC_WORKERS=2")) {
 *     db.createStatement().execute("SELECT create_distributed_table('orders', 'customer_id')");
 * }
 *
 * // Spring Boot: nothing else to configure
 * // spring.datasource.url=jdbc:tc:citus:13.2.0:///shop?TC_WORKERS=2&TC_INITSCRIPT=schema.sql
 * }</pre>
 *
 * <p>The URL is {@code jdbc:tc:citus:<tag>:///<database>?<parameters>}: the tag names the image
 * {@code citusdata/citus:<tag>} (without a tag, {@link CitusClusterContainer#DEFAULT_IMAGE}), from which the
 * test-tuned image is derived as for {@link CitusClusterContainer}. Parameters:
 * <ul>
 *   <li>{@code TC_WORKERS}: number of workers, 0..32 (default 2), as {@link CitusClusterContainer#withWorkers(int)};</li>
 *   <li>{@code TC_SHARD_COUNT}: shards per distributed table, as {@link CitusClusterContainer#withShardCount(int)};</li>
 *   <li>Testcontainers' {@code TC_INITSCRIPT} (run on the coordinator once the workers are registered, so
 *       {@code create_distributed_table} works), {@code TC_INITFUNCTION}, {@code TC_DAEMON} (keep the cluster
 *       running when the last connection closes) and {@code TC_REUSABLE};</li>
 *   <li>{@code user} and {@code password}, as for {@code jdbc:tc:postgresql:}; any other parameter goes to pgjdbc.</li>
 * </ul>
 * A parameter with a value the cluster cannot take, or an unknown {@code TC_*} parameter, fails before anything
 * starts with an {@link IllegalArgumentException} naming the parameter, its value and what is allowed.
 */
public class CitusClusterContainerProvider extends JdbcDatabaseContainerProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} does this. */
    public CitusClusterContainerProvider() {}

    /**
     * Whether a {@code jdbc:tc:<type>:} URL is for this provider.
     *
     * @param databaseType the {@code <type>} of the URL
     * @return true for {@code citus}
     */
    @Override
    public boolean supports(String databaseType) {
        return CitusJdbcUrl.DATABASE_TYPE.equals(databaseType);
    }

    /**
     * A cluster on {@link CitusClusterContainer#DEFAULT_IMAGE}, for a URL without a tag.
     *
     * @return the cluster, not started
     */
    @Override
    public JdbcDatabaseContainer<?> newInstance() {
        return new CitusClusterContainer();
    }

    /**
     * A cluster on {@code citusdata/citus:<tag>}.
     *
     * @param tag the image tag, such as {@code 13.2.0}
     * @return the cluster, not started
     */
    @Override
    public JdbcDatabaseContainer<?> newInstance(String tag) {
        return new CitusClusterContainer(CitusJdbcUrl.imageFor(tag));
    }

    /**
     * The cluster a URL asks for, configured but not started.
     *
     * @param connectionUrl the URL as Testcontainers parsed it
     * @return the cluster
     * @throws IllegalArgumentException when a parameter has a value the cluster cannot take
     */
    @Override
    public JdbcDatabaseContainer<?> newInstance(ConnectionUrl connectionUrl) {
        CitusJdbcUrl url = CitusJdbcUrl.parse(connectionUrl);
        CitusClusterContainer cluster = url.image().map(CitusClusterContainer::new).orElseGet(CitusClusterContainer::new);
        url.databaseName().ifPresent(cluster::withDatabaseName);
        url.user().ifPresent(cluster::withUsername);
        url.password().ifPresent(cluster::withPassword);
        url.workers().ifPresent(cluster::withWorkers);
        url.shardCount().ifPresent(cluster::withShardCount);
        return cluster.withReuse(url.reusable());
    }
}
