package io.citustestkit.ha;

import io.citustestkit.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.testcontainers.containers.GenericContainer;

/**
 * One Patroni member (a PostgreSQL server) of a {@link PatroniCitusCluster}: its name (also its network
 * alias and the host name under which Patroni registers it in {@code pg_dist_node}), its Citus group
 * (0 = coordinator) and a JDBC URL over the mapped port, which reaches exactly this server.
 *
 * <pre>{@code
 * PatroniMember primary = cluster.getPrimary(1);          // worker group 1
 * try (Connection c = primary.createConnection()) {       // straight to that worker
 *     ...
 * }
 * }</pre>
 *
 * <p>Whether a member is the primary changes with switchovers and failovers; ask the cluster
 * ({@link PatroniCitusCluster#getPrimary(int)}) rather than keeping the answer.
 */
public final class PatroniMember {

    private final String name;
    private final int group;
    private final GenericContainer<?> container;
    private final String username;
    private final String password;
    private final String databaseName;
    private volatile String jdbcUrl;

    PatroniMember(String name, int group, GenericContainer<?> container, String databaseName, String username,
            String password) {
        this.name = name;
        this.group = group;
        this.container = container;
        this.databaseName = databaseName;
        this.username = username;
        this.password = password;
    }

    /** The member's name: its Patroni name, network alias and {@code pg_dist_node.nodename}, e.g. {@code worker1-2}. */
    public String getName() {
        return name;
    }

    /** Its Citus group: 0 for the coordinator, 1..n for worker groups. */
    public int getGroup() {
        return group;
    }

    /** JDBC URL of this one server over its mapped port (fixed once the cluster has started). */
    public String getJdbcUrl() {
        String url = jdbcUrl;
        if (url == null) {
            url = "jdbc:postgresql://" + container.getHost() + ":"
                    + container.getMappedPort(PatroniCitusCluster.POSTGRES_PORT) + "/" + databaseName;
            jdbcUrl = url;
        }
        return url;
    }

    /** A new connection to this server as the cluster's user; the caller closes it. */
    public Connection createConnection() throws SQLException {
        return Jdbc.connect(getJdbcUrl(), username, password, 10);
    }

    /** The underlying container, for what this API did not foresee (logs, exec). */
    public GenericContainer<?> getContainer() {
        return container;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatroniMember && ((PatroniMember) o).name.equals(name)
                && ((PatroniMember) o).container == container;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, group);
    }

    @Override
    public String toString() {
        return "PatroniMember[" + name + ", group " + group + "]";
    }
}
