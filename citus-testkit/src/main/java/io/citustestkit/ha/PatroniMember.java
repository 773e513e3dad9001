package io.citustestkit.ha;

import io.citustestkit.internal.ContainerEngine;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.NodeControl;
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
 * primary.disconnect();        // a partition: off etcd, its replicas, the coordinator and every client
 * primary.reconnect();         // back under the same name; then cluster.awaitHealthy()
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
    private final NodeControl control;
    private volatile boolean disconnected;
    private NodeControl.Endpoint addressBeforeDisconnect;

    PatroniMember(String name, int group, GenericContainer<?> container, String databaseName, String username,
            String password) {
        this.name = name;
        this.group = group;
        this.container = container;
        this.databaseName = databaseName;
        this.username = username;
        this.password = password;
        this.control = new NodeControl(container);
    }

    /** The member's name: its Patroni name, network alias and {@code pg_dist_node.nodename}, e.g. {@code worker1-2}. */
    public String getName() {
        return name;
    }

    /** Its Citus group: 0 for the coordinator, 1..n for worker groups. */
    public int getGroup() {
        return group;
    }

    /**
     * JDBC URL of this one server over its mapped port. Docker maps a new port after {@link #reconnect()}: ask again
     * rather than keeping it.
     */
    public String getJdbcUrl() {
        if (disconnected) {
            throw new IllegalStateException("getJdbcUrl() needs a connected member; " + name + " is disconnected"
                    + " (no client reaches it; call reconnect() to put it back)");
        }
        return "jdbc:postgresql://" + hostAndPort() + "/" + databaseName;
    }

    /** Host and mapped port of its server, as the test JVM reaches it. */
    String hostAndPort() {
        int port = control.ipv4Port(control.info(container.getContainerInfo()), PatroniCitusCluster.POSTGRES_PORT)
                .orElseGet(() -> container.getMappedPort(PatroniCitusCluster.POSTGRES_PORT));
        return container.getHost() + ":" + port;
    }

    /**
     * Cuts the member off the cluster network, like a network partition ({@code docker network disconnect}): it no
     * longer reaches etcd, the other members or the coordinator, and no client reaches it; its processes and data
     * stay. A primary cut off this way demotes itself within Patroni's {@code ttl} and a replica is promoted (see
     * docs/ha.md "Partitions"). Fails when the member is disconnected already or the cluster is not running.
     */
    public synchronized void disconnect() {
        String networkId = networkId("disconnect()");
        if (disconnected) {
            throw new IllegalStateException("disconnect() on " + name + ": the member is disconnected already;"
                    + " call reconnect() to put it back first");
        }
        addressBeforeDisconnect = control.disconnect(networkId);
        disconnected = true;
    }

    /**
     * Puts a disconnected member back on the cluster network under the same name (and, where Docker allows, the same
     * address) and returns; Patroni then rejoins it on its own (a former primary follows the new one, rewound or
     * re-initialised): {@link PatroniCitusCluster#awaitHealthy()} waits for that. Fails on a connected member.
     */
    public synchronized void reconnect() {
        String networkId = networkId("reconnect()");
        if (!disconnected) {
            throw new IllegalStateException("reconnect() on " + name + ": the member is connected;"
                    + " allowed only after disconnect()");
        }
        control.reconnect(networkId, name, addressBeforeDisconnect, ContainerEngine.current().podman());
        disconnected = false;
    }

    /** Whether the member is cut off the cluster network ({@link #disconnect()}). */
    public boolean isDisconnected() {
        return disconnected;
    }

    /** A new connection to this server as the cluster's user; the caller closes it. */
    public Connection createConnection() throws SQLException {
        return Jdbc.connect(getJdbcUrl(), username, password, 10);
    }

    /** The underlying container, for what this API did not foresee (logs, exec). */
    public GenericContainer<?> getContainer() {
        return container;
    }

    private String networkId(String method) {
        if (container.getContainerId() == null || container.getNetwork() == null) {
            throw new IllegalStateException(method + " on " + name + ": the member's cluster is not running"
                    + " (start() it first)");
        }
        return container.getNetwork().getId();
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
        return "PatroniMember[" + name + ", group " + group + (disconnected ? ", disconnected" : "") + "]";
    }
}
