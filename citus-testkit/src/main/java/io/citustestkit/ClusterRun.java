package io.citustestkit;

import io.citustestkit.internal.Args;
import io.citustestkit.internal.CitusVersions;
import io.citustestkit.internal.ClusterConfig;
import io.citustestkit.internal.ClusterImages;
import io.citustestkit.internal.ClusterMembership;
import io.citustestkit.internal.ClusterNetworks;
import io.citustestkit.internal.ClusterReset;
import io.citustestkit.internal.HostReachableAddressing;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.NodeAddressing;
import io.citustestkit.internal.NodeContainer;
import io.citustestkit.internal.NodeControl;
import io.citustestkit.internal.NodeReadyWait;
import io.citustestkit.internal.NodeSetup;
import io.citustestkit.internal.ParallelStart;
import io.citustestkit.internal.ReuseLock;
import io.citustestkit.internal.ShardPlacements;
import io.citustestkit.internal.ShutdownCleanup;
import io.citustestkit.internal.SqlScripts;
import io.citustestkit.internal.StartFailures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * One start of a {@link CitusClusterContainer}, from {@code configure()} to {@code containerIsStopped()}: its id,
 * images, network, node set-up and nodes. The container is the coordinator and Testcontainers' face; this is what the
 * cluster owns besides. State model: made in {@code configure()} (workers start), whole once {@link #assemble}
 * returned (every node registered and healthy), ended by {@link #stop()} (idempotent: the stop hooks and a failed
 * start both call it). One lock, this object's monitor, guards the worker list and every change of membership
 * (assemble, add, remove, stop); each node has its own for its state.
 */
final class ClusterRun {

    private static final Logger LOG = LoggerFactory.getLogger(CitusClusterContainer.class);

    private final CitusClusterContainer container;
    private final ClusterConfig config;
    private final NodeAddressing addressing;
    private final String clusterId;
    private final boolean reusable;
    private final ReuseLock reuseLock; // null unless reusable
    private volatile NodeSetup setup; // another after upgradeTo: the new image
    private final ClusterMembership membership;
    private final Network network;
    private final boolean ownsNetwork;
    private final Duration timeout;
    private final List<CitusNode> workers = new CopyOnWriteArrayList<>();
    private final List<NodeContainer> firstWorkers = new ArrayList<>();
    private final ClusterReset resets;
    private volatile ParallelStart parallel;
    private volatile CitusNode coordinator;
    private volatile boolean reused;
    private volatile CitusVersions versions;
    private final long startedNanos = System.nanoTime();
    private int nextOrdinal = 1;
    private boolean stopped;

    ClusterRun(CitusClusterContainer container, ClusterConfig config, NodeAddressing addressing, String clusterId,
            ReuseLock reuseLock, ClusterImages images, Network network, boolean ownsNetwork, Duration timeout) {
        this.container = container;
        this.config = config;
        this.addressing = addressing;
        this.clusterId = clusterId;
        this.reuseLock = reuseLock;
        this.reusable = reuseLock != null;
        this.network = network;
        this.ownsNetwork = ownsNetwork;
        this.timeout = timeout;
        this.setup = new NodeSetup(config, images, clusterId, timeout).withAddressing(addressing);
        this.membership = new ClusterMembership(addressing, clusterId, timeout);
        this.resets = new ClusterReset(() -> clusterId);
    }

    /**
     * A new run for a container's start: images through the pipeline (nothing exists yet when one is missing), the
     * cluster's id (derived from the settings for a reusable cluster), its network (the user's, or its own), and the
     * shutdown clean-up for a cluster of this JVM.
     */
    static ClusterRun prepare(CitusClusterContainer container, ClusterConfig config, NodeAddressing names) {
        boolean reusable = container.isShouldBeReused()
                && TestcontainersConfiguration.getInstance().environmentSupportsReuse();
        ClusterImages images = ClusterImages.resolve(container.getImage(), config.tunedImage(), reusable);
        String id = reusable ? "reuse-" + config.settingsHash(container.reuseKey())
                : UUID.randomUUID().toString().substring(0, 12);
        Duration timeout = Duration.ofSeconds(container.startupTimeoutSeconds());
        // another JVM may be creating the same reusable cluster: wait for it, or take the lock and create (zero cost
        // and no Docker call when not reusable)
        ReuseLock lock = reusable ? ReuseLock.acquire(id, images.run(), config.workers(),
                timeout.multipliedBy(2).plusSeconds(60)) : null;
        try {
            return prepare(container, config, names, images, reusable, id, lock, timeout);
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.release(false);
            }
            throw e;
        }
    }

    private static ClusterRun prepare(CitusClusterContainer container, ClusterConfig config, NodeAddressing names,
            ClusterImages images, boolean reusable, String id, ReuseLock lock, Duration timeout) {
        boolean ownsNetwork = container.getNetwork() == null;
        Network network = ownsNetwork ? ClusterNetworks.create(CitusClusterContainer.CLUSTER_LABEL, id, reusable)
                : container.getNetwork();
        NodeAddressing addressing = !config.hostReachableNodes() ? names // else refused here when it cannot work
                : HostReachableAddressing.prepare(names, container.getHost(), network, ownsNetwork, id, reusable);
        if (!reusable) {
            ShutdownCleanup.register(CitusClusterContainer.CLUSTER_LABEL, id, container::stop);
        }
        return new ClusterRun(container, config, addressing, id, lock, images, network, ownsNetwork, timeout);
    }

    /**
     * The coordinator's container runs, attached to the cluster network, before its wait; Testcontainers found it
     * running from an earlier JVM when {@code reused}. An address only an attached container makes checkable is
     * checked now (rootful Podman, {@link NodeAddressing#confirmReachable()}): a refusal fails the start.
     */
    void coordinatorAttached(boolean reused) {
        this.reused = reused;
        addressing.confirmReachable();
    }

    boolean reused() {
        return reused;
    }

    /** The versions the coordinator reported when the run assembled; null before. */
    CitusVersions versions() {
        return versions;
    }

    String clusterId() {
        return clusterId;
    }

    ClusterConfig config() {
        return config;
    }

    NodeAddressing addressing() {
        return addressing;
    }

    NodeSetup setup() {
        return setup;
    }

    /** The set-up of nodes on another image, from now on (upgradeTo). */
    void setup(NodeSetup next) {
        setup = next;
    }

    /** How long a node may take to start and the cluster to become healthy. */
    Duration timeout() {
        return timeout;
    }

    /** Whether this is a reusable cluster (other JVMs may find it). */
    boolean reusable() {
        return reusable;
    }

    /** The versions the coordinator reports after an upgrade. */
    void versions(CitusVersions next) {
        versions = next;
    }

    /** Closes the kit's kept sessions (their nodes' containers are gone); the next operation opens new ones. */
    void forgetSessions() {
        resets.close();
    }

    Network network() {
        return network;
    }

    CitusNode coordinator() {
        return coordinator;
    }

    List<CitusNode> workers() {
        return List.copyOf(workers);
    }

    /** The worker at a 0-based index. */
    CitusNode worker(int index) {
        List<CitusNode> current = workers();
        if (index < 0 || index >= current.size()) {
            throw new IndexOutOfBoundsException("worker index was " + index + "; allowed: "
                    + (current.isEmpty() ? "none (this cluster has no workers)"
                            : "0.." + (current.size() - 1) + " (this cluster has " + current.size() + " workers)"));
        }
        return current.get(index);
    }

    /** Begins starting the first workers, in parallel with the coordinator's start. */
    synchronized void startWorkers(List<Consumer<OutputFrame>> logConsumers) {
        for (int i = 0; i < config.workers(); i++) {
            String alias = addressing.networkAliasOfWorker(nextOrdinal++);
            firstWorkers.add(setup.newWorker(alias, network, reusable, logConsumers));
        }
        parallel = ParallelStart.of(firstWorkers);
    }

    /**
     * The coordinator is up: take each worker as it comes up and register it (or, for a reused cluster, check that
     * what Testcontainers found is the whole cluster, registered and healthy), then wait until the cluster is healthy.
     */
    synchronized void assemble(NodeControl coordinatorControl, boolean reused) {
        coordinator = new CitusNode(this, CitusNode.Role.COORDINATOR, addressing.networkAliasOfCoordinator(), container,
                coordinatorControl);
        long t0 = System.nanoTime();
        try (Connection c = coordinatorSession()) {
            LOG.debug("cluster {}: coordinator session after {} ms", clusterId, (System.nanoTime() - t0) / 1_000_000);
            versions = CitusVersions.read(c);
            versions.requireSupported(container.getBaseImage().asCanonicalNameString());
            if (!reused) {
                membership.registerCoordinator(c, config.workers() == 0);
            }
            for (int i = 0; i < firstWorkers.size(); i++) {
                NodeContainer w = firstWorkers.get(i);
                String alias = w.getNetworkAliases().get(0);
                try {
                    parallel.await(i, timeout.plusSeconds(30));
                } catch (RuntimeException e) {
                    throw StartFailures.of(alias, setup.images().run(), e);
                }
                if (w.wasReused() != reused) {
                    throw new ContainerLaunchException("Citus cluster " + clusterId + " is not whole: the coordinator"
                            + (reused ? " was reused but " + alias + " is new" : " is new but " + alias + " was reused")
                            + "; its containers are removed now, start it again for a fresh cluster");
                }
                workers.add(new CitusNode(this, CitusNode.Role.WORKER, alias, w, w.control()));
                if (!reused) {
                    membership.registerWorker(c, alias);
                }
            }
            if (reused) {
                String problem = membership.reusedProblem(c, aliases(workers));
                LOG.debug("cluster {}: reused cluster checked after {} ms", clusterId, (System.nanoTime() - t0) / 1_000_000);
                if (problem != null) {
                    throw new ContainerLaunchException("reused Citus cluster " + clusterId + " is not healthy: " + problem
                            + "; its containers are removed now, start it again for a fresh cluster");
                }
            } else {
                membership.awaitHealthy(c, workers.size(), runningAliases());
            }
        } catch (SQLException e) {
            throw new ContainerLaunchException("could not connect to the coordinator of Citus cluster " + clusterId
                    + ": " + e.getMessage(), e);
        } finally {
            parallel.close();
        }
    }

    /** Starts, registers and returns one more worker once the coordinator sees it active. */
    synchronized CitusNode addWorker() {
        requireRunning("addWorker()");
        if (workers.size() >= ClusterConfig.MAX_WORKERS) {
            throw new IllegalStateException("addWorker(): the cluster has " + workers.size()
                    + " workers; allowed: at most " + ClusterConfig.MAX_WORKERS);
        }
        String alias = addressing.networkAliasOfWorker(nextOrdinal++);
        NodeContainer w = setup.newWorker(alias, network, false, container.getLogConsumers());
        try {
            w.start();
        } catch (RuntimeException e) {
            w.stop();
            throw StartFailures.of(alias, setup.images().run(), e);
        }
        CitusNode node = new CitusNode(this, CitusNode.Role.WORKER, alias, w, w.control());
        workers.add(node);
        try (Connection c = coordinatorSession()) {
            membership.registerWorker(c, alias);
            membership.awaitHealthy(c, workers.size(), runningAliases());
        } catch (SQLException | RuntimeException e) {
            workers.remove(node);
            node.markRemoved();
            w.stop();
            throw new IllegalStateException("addWorker(): " + alias + " did not join: " + e.getMessage(), e);
        }
        return node;
    }

    /** Drains a worker, removes it from the metadata, and removes its container. */
    synchronized void removeWorker(CitusNode worker) {
        requireRunning("removeWorker(CitusNode)");
        Args.notNull("worker", worker);
        if (!workers.contains(worker)) {
            throw new IllegalArgumentException("worker was " + worker + "; allowed: one of this cluster's workers "
                    + aliases(workers));
        }
        try (Connection c = coordinatorSession()) {
            membership.drainAndRemove(c, worker.getNetworkAlias());
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove " + worker.getNetworkAlias() + ": " + e.getMessage(), e);
        }
        workers.remove(worker);
        resets.forget(worker);
        worker.markRemoved();
        stopQuietly(worker.getContainer());
    }

    /** Drops what tests created, on every node (see {@link ClusterReset}). */
    void reset() {
        try {
            resets.drop(coordinator, workers());
        } catch (SQLException e) {
            throw new IllegalStateException("reset failed: " + e.getMessage(), e);
        }
    }

    /** Empties every user table, on every node (see {@link ClusterReset}), then runs the data scripts again. */
    void truncateTables() {
        try {
            resets.truncateTables(coordinator, workers(), config.keptTables());
        } catch (SQLException e) {
            throw new IllegalStateException("truncate failed: " + e.getMessage(), e);
        }
        runScripts(false);
    }

    /** The init scripts (when asked) and then the data scripts, on one coordinator session ({@link SqlScripts}). */
    void runScripts(boolean init) {
        SqlScripts.run(this::coordinatorSession, init ? config.initScripts() : List.of(), config.dataScripts());
    }

    /** The node holding the shard of one distribution value of a distributed table (see {@link ShardPlacements}). */
    CitusNode workerFor(String table, Object distributionValue) {
        ShardPlacements.Placement at = ShardPlacements.of(this::coordinatorSession, table, distributionValue);
        return Stream.concat(workers.stream(), Stream.of(coordinator))
                .filter(n -> at.is(n.getRegisteredHost(), n.getRegisteredPort())).findFirst().orElseThrow(at::notANode);
    }

    /** Starts Citus' rebalancer and waits until it is done. */
    void rebalance() {
        try (Connection c = coordinatorSession()) {
            membership.rebalance(c);
        } catch (SQLException e) {
            throw new IllegalStateException("rebalance failed: " + e.getMessage(), e);
        }
    }

    /** Waits until every worker is active and every running, connected node reaches every other one. */
    void awaitHealthy() {
        try (Connection c = coordinatorSession()) {
            membership.awaitHealthy(c, workers.size(), runningAliases());
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to the coordinator of Citus cluster " + clusterId + ": "
                    + e.getMessage(), e);
        }
    }

    /** A new session on the coordinator, as the cluster's user. */
    Connection coordinatorSession() throws SQLException {
        return Jdbc.connectForKit(NodeReadyWait.jdbcUrl(container.getHost(),
                container.getMappedPort(NodeAddressing.POSTGRES_PORT), config.databaseName()),
                config.username(), config.password(), 10);
    }

    /**
     * Stops every worker (after their starts ended) and forgets the kit's sessions; the coordinator container is
     * Testcontainers' to remove. Safe to call more than once and from a failed start.
     */
    void stopWorkers() {
        ParallelStart p = parallel;
        if (p != null) {
            p.awaitAllQuietly(timeout.plusSeconds(30));
            p.close();
        }
        List<GenericContainer<?>> toStop = new ArrayList<>(firstWorkers);
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            workers.forEach(w -> {
                w.markRemoved();
                if (!toStop.contains(w.getContainer())) {
                    toStop.add(w.getContainer());
                }
            });
            workers.clear();
            if (coordinator != null) {
                coordinator.markRemoved();
            }
        }
        resets.close();
        toStop.parallelStream().forEach(ClusterRun::stopQuietly);
    }

    /**
     * The end of the run: workers stopped, the network the cluster made removed (a user's stays). Idempotent.
     * Returns whether the network was the cluster's own.
     */
    boolean end() {
        stopWorkers();
        addressing.releaseAll(); // the host ports of host-reachable nodes, removed ones included
        ShutdownCleanup.unregister(clusterId);
        if (ownsNetwork) {
            try {
                network.close();
            } catch (RuntimeException e) {
                LOG.warn("Could not remove network of cluster {}: {}", clusterId, e.getMessage());
            }
        }
        if (reuseLock != null) { // after the nodes and network: a JVM waiting for the lock finds nothing in its way
            reuseLock.release(false);
            ReuseLock.forget(clusterId);
        }
        return ownsNetwork;
    }

    /** The cluster is whole and ready: a reusable one may be used by other JVMs from now on ({@link ReuseLock}). */
    void whole() {
        if (reuseLock != null) {
            reuseLock.release(true);
        }
    }

    void logReady(boolean reused) {
        LOG.info("Citus cluster {} ({} + {} workers, image {}) ready in {} ms{}", clusterId,
                addressing.networkAliasOfCoordinator(), workers.size(), setup.images().run(),
                (System.nanoTime() - startedNanos) / 1_000_000, reused ? " (reused)"
                        : reusable ? " (created for reuse" + (config.reuseKey().isEmpty() ? ")"
                                : ", reuse key \"" + config.reuseKey() + "\")") : "");
    }

    private void requireRunning(String method) {
        if (stopped || coordinator == null) {
            throw new IllegalStateException(method + " needs a started cluster; call start() first");
        }
    }

    private List<String> runningAliases() {
        List<String> running = new ArrayList<>();
        running.add(addressing.networkAliasOfCoordinator());
        workers.stream().filter(w -> w.isRunning() && !w.isDisconnected()).forEach(w -> running.add(w.getNetworkAlias()));
        return running;
    }

    private static List<String> aliases(List<CitusNode> nodes) {
        return nodes.stream().map(CitusNode::getNetworkAlias).collect(Collectors.toList());
    }

    private static void stopQuietly(GenericContainer<?> c) {
        try {
            c.stop();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove container {}: {}", c.getContainerId(), e.getMessage());
        }
    }
}
