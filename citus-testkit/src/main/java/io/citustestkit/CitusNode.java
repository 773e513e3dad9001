package io.citustestkit;

import io.citustestkit.internal.ClusterSql;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.NodeAddressing;
import io.citustestkit.internal.NodeReadyWait;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.testcontainers.containers.GenericContainer;

/**
 * One node of a started {@link CitusClusterContainer}: the coordinator or a worker.
 *
 * <pre>{@code
 * CitusNode worker = cluster.getWorker(0);
 * worker.stop();                       // down like a crash; its data stays
 * // ... queries that need worker 0 now fail ...
 * worker.start();                      // same node, same data, active again
 * try (Connection c = worker.createConnection()) { ... }  // straight to the worker
 * }</pre>
 *
 * <p>Worker indexes are 0-based ({@code getWorker(0)} has network alias {@code worker-1}).
 */
public final class CitusNode {

    /** What a node does in the cluster. */
    public enum Role {
        /** Holds the metadata and plans distributed queries; the node applications connect to. */
        COORDINATOR,
        /** Holds shards. */
        WORKER
    }

    private final CitusClusterContainer cluster;
    private final Role role;
    private final String networkAlias;
    private final GenericContainer<?> container;
    private final Runnable refreshContainerInfo;
    private volatile boolean running = true;
    private volatile boolean paused;

    CitusNode(CitusClusterContainer cluster, Role role, String networkAlias, GenericContainer<?> container,
            Runnable refreshContainerInfo) {
        this.cluster = cluster;
        this.role = role;
        this.networkAlias = networkAlias;
        this.container = container;
        this.refreshContainerInfo = refreshContainerInfo;
    }

    /** {@link Role#COORDINATOR} or {@link Role#WORKER}. */
    public Role getRole() {
        return role;
    }

    /** Name of the node on the cluster network, such as {@code coordinator} or {@code worker-1}. */
    public String getNetworkAlias() {
        return networkAlias;
    }

    /** Host name under which this node is registered in {@code pg_dist_node}. */
    public String getRegisteredHost() {
        return cluster.addressing().registeredHost(networkAlias);
    }

    /** Port under which this node is registered in {@code pg_dist_node}. */
    public int getRegisteredPort() {
        return cluster.addressing().registeredPort(networkAlias);
    }

    /** JDBC URL that reaches this node from the test JVM (a mapped port on the Docker host). */
    public String getJdbcUrl() {
        requireRunning("getJdbcUrl()");
        return NodeReadyWait.jdbcUrl(container.getHost(), container.getMappedPort(NodeAddressing.POSTGRES_PORT),
                cluster.getDatabaseName());
    }

    /** A new connection straight to this node, as the cluster's user. The caller closes it. */
    public Connection createConnection() throws SQLException {
        requireRunning("createConnection()");
        return Jdbc.connect(getJdbcUrl(), cluster.getUsername(), cluster.getPassword(), 10);
    }

    /** This node's {@code nodeid} in {@code pg_dist_node}, read on the coordinator. */
    public int getNodeId() {
        try (Connection c = cluster.getCoordinator().createConnection()) {
            Object id = Jdbc.single(c, ClusterSql.NODE_ID, getRegisteredHost(), getRegisteredPort());
            if (id == null) {
                throw new IllegalStateException("node " + networkAlias + " is not registered in pg_dist_node");
            }
            return ((Number) id).intValue();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the node id of " + networkAlias + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the node down the way a shutdown does ({@code docker stop}): the container and its data stay,
     * queries that need it fail until {@link #start()}. Does nothing when already stopped.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        if (paused) {
            unpause();
        }
        container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
        running = false;
    }

    /**
     * Brings a stopped node back with its data and returns when it accepts connections and the coordinator
     * sees every worker active and healthy again. Does nothing when it runs.
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        running = true;
        refreshContainerInfo.run();
        NodeReadyWait wait = new NodeReadyWait(networkAlias, cluster::getDatabaseName, cluster::getUsername,
                cluster::getPassword);
        wait.withStartupTimeout(cluster.startupTimeout());
        wait.waitUntilReady(container);
        cluster.awaitClusterHealthy();
    }

    /** Freezes every process of the node ({@code docker pause}): a hung node, connections to it stall. */
    public synchronized void pause() {
        requireRunning("pause()");
        if (!paused) {
            container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
            paused = true;
        }
    }

    /** Lets a paused node run again. */
    public synchronized void unpause() {
        if (paused) {
            container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
            paused = false;
        }
    }

    /** Whether the node runs (not stopped with {@link #stop()}; a paused node runs). */
    public boolean isRunning() {
        return running;
    }

    /** Whether the node is paused. */
    public boolean isPaused() {
        return paused;
    }

    /** Everything the node has logged so far (stdout and stderr). */
    public String getLogs() {
        return container.getLogs();
    }

    /** The underlying container, for what citus-testkit did not foresee. Do not stop or remove it directly. */
    public GenericContainer<?> getContainer() {
        return container;
    }

    void markRemoved() {
        running = false;
    }

    private void requireRunning(String method) {
        if (!running) {
            throw new IllegalStateException(method + " needs a running node; " + networkAlias
                    + " is stopped (call start() to bring it back)");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CitusNode)) {
            return false;
        }
        CitusNode other = (CitusNode) o;
        return cluster == other.cluster && networkAlias.equals(other.networkAlias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(cluster), networkAlias);
    }

    @Override
    public String toString() {
        return "CitusNode{" + role + " " + networkAlias + (running ? "" : ", stopped") + (paused ? ", paused" : "") + "}";
    }
}
