package io.citustestkit;

import io.citustestkit.internal.Args;
import io.citustestkit.internal.ClusterSql;
import io.citustestkit.internal.ContainerEngine;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.NodeControl;
import io.citustestkit.internal.NodeReadyWait;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
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
 * worker.disconnect();                 // a partition: nothing reaches it, it reaches nothing
 * worker.reconnect();                  // back under the same name, healthy again
 * }</pre>
 *
 * <p>A node is in one of four states: running, paused ({@link #pause()}: its processes are frozen), stopped
 * ({@link #stop()}: its server is down, its container and data stay) or removed (by
 * {@link CitusClusterContainer#removeWorker(CitusNode)} or the cluster's stop; for good). Every state change holds the
 * node's own lock, so two threads never stop and start one node at the same time. Apart from that state a node is
 * connected or disconnected ({@link #disconnect()}: off the cluster network), whatever it runs. Worker indexes are
 * 0-based ({@code getWorker(0)} has network alias {@code worker-1}).
 */
public final class CitusNode {

    /** What a node does in the cluster. */
    public enum Role {
        /** Holds the metadata and plans distributed queries; the node applications connect to. */
        COORDINATOR,
        /** Holds shards. */
        WORKER
    }

    /** Where a node is in its life; only {@link #RUNNING} and {@link #PAUSED} nodes have a running container. */
    enum State {
        RUNNING, PAUSED, STOPPED, REMOVED
    }

    private final ClusterRun run;
    private final Role role;
    private final String networkAlias;
    private volatile GenericContainer<?> container; // another one only after upgradeTo (same name, same data)
    private volatile NodeControl control;
    private volatile State state = State.RUNNING;
    private volatile boolean disconnected;
    private NodeControl.Endpoint addressBeforeDisconnect;

    CitusNode(ClusterRun run, Role role, String networkAlias, GenericContainer<?> container, NodeControl control) {
        this.run = run;
        this.role = role;
        this.networkAlias = networkAlias;
        this.container = container;
        this.control = control;
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
        return run.addressing().registeredHost(networkAlias);
    }

    /** Port under which this node is registered in {@code pg_dist_node}. */
    public int getRegisteredPort() {
        return run.addressing().registeredPort(networkAlias);
    }

    /**
     * JDBC URL that reaches this node from the test JVM: its registered address with
     * {@code withHostReachableNodes(true)}, else a mapped port on the Docker host (Docker maps a new port after
     * {@link #start()} and {@link #reconnect()}: ask again rather than keeping it).
     */
    public String getJdbcUrl() {
        requireUp("getJdbcUrl()");
        if (disconnected) {
            throw new IllegalStateException("getJdbcUrl() needs a connected node; " + networkAlias + " is disconnected"
                    + " (no client reaches it; call reconnect() to put it back)");
        }
        InetSocketAddress address = hostAddress("getJdbcUrl()");
        return NodeReadyWait.jdbcUrl(address.getHostString(), address.getPort(), run.config().databaseName());
    }

    /** Where the test JVM connects to this node (unresolved); see {@link #getJdbcUrl()}. */
    InetSocketAddress hostAddress(String method) {
        if (!run.addressing().hostReachable()) {
            requireUp(method); // a mapped port exists only while the container runs
        }
        return run.addressing().jvmAddress(networkAlias, container);
    }

    /**
     * The host address of the node of a run registered as {@code nodeName:nodePort}: what
     * {@link CitusClusterContainer#hostAddressOf(String, int)} returns.
     */
    static InetSocketAddress hostAddressOf(ClusterRun run, String nodeName, int nodePort) {
        Args.notNull("nodeName", nodeName);
        List<CitusNode> nodes = new ArrayList<>(List.of(run.coordinator()));
        nodes.addAll(run.workers());
        for (CitusNode n : nodes) {
            if (n.getRegisteredHost().equals(nodeName) && n.getRegisteredPort() == nodePort) {
                InetSocketAddress a = n.hostAddress("hostAddressOf(\"" + nodeName + "\", " + nodePort + ")");
                return new InetSocketAddress(a.getHostString(), a.getPort());
            }
        }
        throw new IllegalArgumentException("nodeName:nodePort was " + nodeName + ":" + nodePort + "; allowed: a node"
                + " registered in pg_dist_node, one of " + nodes.stream()
                        .map(n -> n.getRegisteredHost() + ":" + n.getRegisteredPort()).collect(Collectors.toList()));
    }

    /** A new connection straight to this node, as the cluster's user. The caller closes it. */
    public Connection createConnection() throws SQLException {
        return Jdbc.connect(getJdbcUrl(), run.config().username(), run.config().password(), 10);
    }

    /** This node's {@code nodeid} in {@code pg_dist_node}, read on the coordinator. */
    public int getNodeId() {
        try (Connection c = run.coordinatorSession()) {
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
     * queries that need it fail until {@link #start()}. A paused node is unpaused first. Does nothing when already
     * stopped.
     */
    public synchronized void stop() {
        requireNotRemoved("stop()");
        if (state == State.STOPPED) {
            return;
        }
        if (state == State.PAUSED) {
            control.unpause();
        }
        control.stop();
        state = State.STOPPED;
    }

    /**
     * Brings a stopped node back with its data and returns when it accepts connections and the coordinator
     * sees every worker active and healthy again. Does nothing when it runs.
     */
    public synchronized void start() {
        requireNotRemoved("start()");
        if (state != State.STOPPED) {
            return;
        }
        control.start();
        state = State.RUNNING;
        if (!disconnected) { // a disconnected node is checked when it comes back: reconnect()
            run.setup().restartWait(networkAlias).waitUntilReady(container);
            awaitClusterHealthy();
        }
    }

    /**
     * Cuts the node off the cluster network, like a network partition ({@code docker network disconnect}): no other
     * node and no client reaches it, and it reaches none; its processes and data stay. Queries that need it fail
     * (within the few seconds of the test cluster's timeouts, see docs/cluster.md "Network faults"). Works on a
     * running, paused or stopped node (on Podman, which does not change a paused container's networks, a paused node
     * is refused with {@link UnsupportedOperationException}: unpause it first); fails when it is disconnected already
     * or removed.
     */
    public synchronized void disconnect() {
        requireNotRemoved("disconnect()");
        if (disconnected) {
            throw new IllegalStateException("disconnect() on " + networkAlias + ": the node is disconnected already ("
                    + stateName() + ", disconnected); call reconnect() to put it back first");
        }
        refuseOnPodmanWhilePaused("disconnect()", "disconnect() it running, or stop() it and disconnect() it"
                + " stopped");
        addressBeforeDisconnect = control.disconnect(run.network().getId());
        disconnected = true;
    }

    /**
     * Puts a disconnected node back on the cluster network under the same name (and, where Docker allows, the same
     * address). On a running node it returns once the node accepts connections and the coordinator sees every worker
     * active and healthy again; a paused or stopped node comes back to the network only (its {@link #unpause()} or
     * {@link #start()} does the rest; on Podman a paused node is refused, as by {@link #disconnect()}). Fails on a
     * connected node.
     */
    public synchronized void reconnect() {
        requireNotRemoved("reconnect()");
        if (!disconnected) {
            throw new IllegalStateException("reconnect() on " + networkAlias + ": the node is connected (" + stateName()
                    + "); allowed only after disconnect()");
        }
        refuseOnPodmanWhilePaused("reconnect()", "reconnect() it once it runs (or while it is stopped)");
        control.reconnect(run.network().getId(), networkAlias, addressBeforeDisconnect,
                ContainerEngine.current().podman());
        disconnected = false;
        if (state == State.RUNNING) {
            run.setup().restartWait(networkAlias).waitUntilReady(container);
            awaitClusterHealthy();
        }
    }

    /** Freezes every process of the node ({@code docker pause}): a hung node, connections to it stall. */
    public synchronized void pause() {
        requireUp("pause()");
        if (state == State.RUNNING) {
            control.pause();
            state = State.PAUSED;
        }
    }

    /** Lets a paused node run again; does nothing when it is not paused. */
    public synchronized void unpause() {
        requireNotRemoved("unpause()");
        if (state == State.PAUSED) {
            control.unpause();
            state = State.RUNNING;
        }
    }

    /** Whether the node runs (not stopped with {@link #stop()} nor removed; a paused node runs). */
    public boolean isRunning() {
        State s = state;
        return s == State.RUNNING || s == State.PAUSED;
    }

    /** Whether the node is paused. */
    public boolean isPaused() {
        return state == State.PAUSED;
    }

    /** Whether the node is cut off the cluster network ({@link #disconnect()}). */
    public boolean isDisconnected() {
        return disconnected;
    }

    /** Everything the node has logged so far (stdout and stderr). */
    public String getLogs() {
        return container.getLogs();
    }

    /** The underlying container, for what citus-testkit did not foresee. Do not stop or remove it directly. */
    public GenericContainer<?> getContainer() {
        return container;
    }

    /** How the kit stops, starts and pauses this node's container. */
    NodeControl control() {
        return control;
    }

    /** The node runs in another container now (upgradeTo: same name, same data, another image). */
    synchronized void replaceContainer(GenericContainer<?> next, NodeControl nextControl) {
        container = next;
        control = nextControl;
    }

    /** Why an upgrade cannot take this node as it is, or null: it must run, unpaused and connected. */
    String notUpgradable() {
        State s = state;
        if (s == State.RUNNING && !disconnected) {
            return null;
        }
        return networkAlias + " is " + stateName() + (disconnected ? " and disconnected" : "") + " (call "
                + (s == State.STOPPED ? "start()" : s == State.PAUSED ? "unpause()" : "reconnect()") + " first)";
    }

    /** The node is gone for good (removed from the cluster, or the cluster stopped). */
    synchronized void markRemoved() {
        state = State.REMOVED;
    }

    private void requireNotRemoved(String method) {
        if (state == State.REMOVED) {
            throw new IllegalStateException(method + " on " + networkAlias + ": the node was removed from its cluster"
                    + (role == Role.WORKER ? " (removeWorker() or the cluster's stop()); add a new one with addWorker()"
                            : " (the cluster was stopped); start the cluster again"));
        }
    }

    /**
     * Podman (4.3) does not change the networks of a paused container: a disconnect reports success while the node
     * stays on the network (reachable by everyone), and a later connect fails. Refused before anything changes.
     */
    private void refuseOnPodmanWhilePaused(String method, String instead) {
        if (state == State.PAUSED && ContainerEngine.current().podman()) {
            throw new UnsupportedOperationException(method + " on " + networkAlias + ": the node is paused, and "
                    + ContainerEngine.current().describe() + " does not change a paused container's networks (it"
                    + " reports success and the node stays reachable); unpause() it first and " + instead);
        }
    }

    private void requireUp(String method) {
        requireNotRemoved(method);
        if (state == State.STOPPED) {
            throw new IllegalStateException(method + " needs a running node; " + networkAlias
                    + " is stopped (call start() to bring it back)");
        }
    }

    /** The cluster's health wait; nothing to wait for while the coordinator is cut off (its reconnect waits). */
    private void awaitClusterHealthy() {
        CitusNode coordinator = run.coordinator();
        if (coordinator == null || !coordinator.isDisconnected()) {
            run.awaitHealthy();
        }
    }

    private String stateName() {
        return state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        State s = state;
        return "CitusNode{" + role + " " + networkAlias + (s == State.RUNNING ? "" : ", " + s.name().toLowerCase(Locale.ROOT))
                + (disconnected ? ", disconnected" : "") + "}";
    }
}
