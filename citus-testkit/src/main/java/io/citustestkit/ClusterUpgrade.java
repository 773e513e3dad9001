package io.citustestkit;

import io.citustestkit.internal.CitusVersions;
import io.citustestkit.internal.ClusterImages;
import io.citustestkit.internal.ClusterSql;
import io.citustestkit.internal.DataDirectoryCopy;
import io.citustestkit.internal.HostPorts;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.NodeAddressing;
import io.citustestkit.internal.NodeContainer;
import io.citustestkit.internal.NodeSetup;
import io.citustestkit.internal.SharedClusters;
import io.citustestkit.internal.StartFailures;
import io.citustestkit.internal.UpgradeTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One {@link CitusClusterContainer#upgradeTo} of a running cluster: every node comes back on the new image with its
 * data, then the extension is updated as the Citus docs say ("Upgrading Citus": new packages on every node, a restart,
 * {@code ALTER EXTENSION citus UPDATE} on every node (and {@code citus_columnar} where it is behind), then
 * {@code CALL citus_finish_citus_upgrade()} on the coordinator), and the cluster is registered and healthy again as
 * after {@code start()}.
 *
 * <p>Each node: its server is shut down ({@code docker stop}), its data directory is read from the stopped container
 * ({@link DataDirectoryCopy}: the official images' volume and the tuned image's baked directory alike), the container is
 * removed, and a new one on the new image, with the same network alias, labels, environment and host port, gets the
 * data under the new image's {@code PGDATA} before its server starts. Workers do so in parallel with the coordinator;
 * the coordinator goes through Testcontainers' own stop and start (this container is the coordinator), with the
 * cluster's hooks told that the rest of the cluster stays. {@code pg_dist_node} is in the data: node ids, names and
 * shard placements do not change. Nothing of this exists until an upgrade: a cluster that never upgrades pays nothing.
 *
 * <p>Refused at once, with nothing changed: a reused or reusable cluster, one {@code @CitusCluster} shares, a node not
 * running, and a target image without Citus, on another PostgreSQL major version or with an older Citus
 * ({@link UpgradeTarget}). A node that does not come up on the new image ends the cluster as a failed start does
 * ({@link CitusNodeStartupException} naming node and image; nothing left behind).
 */
final class ClusterUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(CitusClusterContainer.class);

    /** What one upgrade took, for messages and the benchmark. */
    record Timings(String from, String to, long totalMillis, long restartMillis, long extensionMillis) {}

    private final CitusClusterContainer container;
    private final ClusterRun run;
    private final UpgradeTarget target;
    private final NodeSetup setup;
    private final boolean keepPorts;
    private volatile DataDirectoryCopy coordinatorData;
    private volatile Integer coordinatorPort;

    private ClusterUpgrade(CitusClusterContainer container, ClusterRun run, UpgradeTarget target, NodeSetup setup) {
        this.container = container;
        this.run = run;
        this.target = target;
        this.setup = setup;
        this.keepPorts = !run.addressing().hostReachable(); // host-reachable nodes keep theirs by their addressing
    }

    /** Upgrades the run's cluster to an image, or refuses. Returns what it took. */
    static Timings run(CitusClusterContainer container, ClusterRun run, DockerImageName image) {
        long t0 = System.nanoTime();
        String name = image.asCanonicalNameString();
        requireUpgradable(container, run, name);
        UpgradeTarget target = UpgradeTarget.resolve(image, run.versions());
        ClusterImages images = target.images(run.setup().images().tuned());
        NodeSetup setup = new NodeSetup(run.config(), images, run.clusterId(), run.timeout())
                .withAddressing(run.addressing());
        String from = run.versions().citus();
        LOG.info("Citus cluster {}: upgrading from Citus {} ({}) to Citus {} ({})", run.clusterId(), from,
                run.setup().images().run(), target.citusVersion(), images.run());
        ClusterUpgrade upgrade = new ClusterUpgrade(container, run, target, setup);
        long restart = System.nanoTime();
        try {
            upgrade.restartEveryNode(image);
        } catch (RuntimeException e) {
            container.endAfterFailedUpgrade(); // as a failed start: every node and the network go
            throw e;
        }
        long extension = System.nanoTime();
        upgrade.updateExtension(name);
        long end = System.nanoTime();
        Timings timings = new Timings(from, run.versions().citus(), (end - t0) / 1_000_000,
                (extension - restart) / 1_000_000, (end - extension) / 1_000_000);
        LOG.info("Citus cluster {} upgraded to Citus {} ({}) in {} ms (nodes restarted in {} ms, extension updated and"
                + " healthy in {} ms)", run.clusterId(), timings.to(), images.run(), timings.totalMillis(),
                timings.restartMillis(), timings.extensionMillis());
        return timings;
    }

    private static void requireUpgradable(CitusClusterContainer container, ClusterRun run, String image) {
        String call = "upgradeTo(" + image + ")";
        if (run.reusable() || run.reused()) {
            throw new IllegalStateException(call + ": the cluster is a reusable one (withReuse(true)); other JVMs find it"
                    + " by its image and would get another one than they asked for; allowed: a cluster without reuse");
        }
        String shared = SharedClusters.describe(container);
        if (shared != null) {
            throw new IllegalStateException(call + ": the cluster is " + shared + ", whose other classes expect its"
                    + " image; allowed: a cluster of the test's own, such as @CitusCluster(shared = false)"
                    + " (docs/cluster.md \"Rehearsing an upgrade\")");
        }
        List<CitusNode> nodes = new ArrayList<>(List.of(run.coordinator()));
        nodes.addAll(run.workers());
        String notReady = nodes.stream().map(CitusNode::notUpgradable).filter(s -> s != null)
                .collect(Collectors.joining("; "));
        if (!notReady.isEmpty()) {
            throw new IllegalStateException(call + " needs every node running and connected: " + notReady);
        }
    }

    /** Every worker (in parallel) and the coordinator come back on the new image with their data. */
    private void restartEveryNode(DockerImageName image) {
        Map<CitusNode, NodeContainer> started = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "citustestkit-upgrade-" + run.clusterId());
            t.setDaemon(true);
            return t;
        });
        for (CitusNode w : run.workers()) {
            workers.add(CompletableFuture.runAsync(() -> started.put(w, restartWorker(w)), threads));
        }
        threads.shutdown(); // its threads end with the last worker's restart
        run.setup(setup); // what the coordinator's container is made with (image, create command) from now on
        RuntimeException failure = null;
        try {
            restartCoordinator();
        } catch (RuntimeException e) {
            failure = StartFailures.of(run.addressing().networkAliasOfCoordinator(), setup.images().run(), e);
        }
        for (CompletableFuture<Void> f : workers) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        started.forEach((node, next) -> node.replaceContainer(next, next.control()));
        run.forgetSessions();
        if (failure != null) {
            throw failure;
        }
    }

    private NodeContainer restartWorker(CitusNode node) {
        GenericContainer<?> old = node.getContainer();
        String alias = node.getNetworkAlias();
        Integer port = keepPorts ? old.getMappedPort(NodeAddressing.POSTGRES_PORT) : null;
        long t0 = System.nanoTime();
        node.control().stop();
        long t1 = System.nanoTime();
        try (DataDirectoryCopy data = DataDirectoryCopy.of(old, target.pgdata())) {
            long t2 = System.nanoTime();
            old.stop(); // removed; the new container takes its name on the network
            NodeContainer next = setup.newWorker(alias, run.network(), false, container.getLogConsumers())
                    .withDataOnCreate(data);
            prepare(next, alias, port);
            try {
                next.start();
            } catch (RuntimeException e) {
                next.stop();
                throw StartFailures.of(alias, setup.images().run(), e);
            }
            logPhases(alias, t0, t1, t2, data);
            return next;
        }
    }

    private void restartCoordinator() {
        coordinatorPort = keepPorts ? container.getMappedPort(NodeAddressing.POSTGRES_PORT) : null;
        long t0 = System.nanoTime();
        run.coordinator().control().stop();
        long t1 = System.nanoTime();
        try (DataDirectoryCopy data = DataDirectoryCopy.of(container, target.pgdata())) {
            long t2 = System.nanoTime();
            coordinatorData = data;
            container.restartForUpgrade(this);
            logPhases(run.addressing().networkAliasOfCoordinator(), t0, t1, t2, data);
        } finally {
            coordinatorData = null;
        }
    }

    private void logPhases(String alias, long t0, long stopped, long copied, DataDirectoryCopy data) {
        LOG.debug("Citus cluster {}: {} shut down in {} ms, data directory read in {} ms ({} MB), back on the new image"
                + " in {} ms", run.clusterId(), alias, (stopped - t0) / 1_000_000, (copied - stopped) / 1_000_000,
                data.size() >> 20, (System.nanoTime() - copied) / 1_000_000);
    }

    /** The coordinator's {@code configure()} during the upgrade: the new image's set-up, the data, the same port. */
    void configureCoordinator() {
        String alias = run.addressing().networkAliasOfCoordinator();
        setup.apply(container, alias, "coordinator");
        prepare(container, alias, coordinatorPort);
    }

    /** The coordinator's new container exists, not started: its data goes in. */
    void coordinatorCreated(String containerId) {
        coordinatorData.writeTo(container.getDockerClient(), containerId);
    }

    /** The set-up for the new image is the run's from now on (the coordinator's create command asks the run). */
    NodeSetup setup() {
        return setup;
    }

    private void prepare(GenericContainer<?> node, String alias, Integer port) {
        node.addEnv("PGDATA", target.pgdata()); // not the tuned image's baked directory: the data is the old node's
        if (port != null && HostPorts.isFree(port)) {
            node.setPortBindings(List.of(port + ":" + NodeAddressing.POSTGRES_PORT));
        } else if (port != null) {
            LOG.info("Citus cluster {}: host port {} of {} was taken meanwhile; {} gets a new one", run.clusterId(), port,
                    alias, alias);
        }
        node.waitingFor(setup.restartWait(alias));
    }

    private interface NodeStatement {
        void run(Connection c) throws SQLException;
    }

    /** A statement on the coordinator's session, then on each worker's. */
    private void forEveryNode(Connection coordinator, NodeStatement statement) throws SQLException {
        statement.run(coordinator);
        for (CitusNode w : run.workers()) {
            try (Connection wc = w.createConnection()) {
                statement.run(wc);
            }
        }
    }

    /** ALTER EXTENSION citus UPDATE on every node, the coordinator first, then finish; healthy again. */
    private void updateExtension(String image) {
        try (Connection c = run.coordinatorSession()) {
            forEveryNode(c, n -> Jdbc.execute(n, ClusterSql.UPDATE_EXTENSION));
            // then citus_columnar where a node has it at an older version (Citus 11.1 to 13.1 create it; ALTER
            // EXTENSION citus UPDATE leaves it): once every node's citus is updated, as the coordinator's update of it
            // reaches the workers too
            forEveryNode(c, n -> {
                if (((Number) Jdbc.single(n, ClusterSql.COLUMNAR_BEHIND)).intValue() > 0) {
                    Jdbc.execute(n, ClusterSql.UPDATE_COLUMNAR);
                }
            });
            Jdbc.execute(c, ClusterSql.FINISH_CITUS_UPGRADE);
            CitusVersions versions = CitusVersions.read(c);
            versions.requireSupported(image);
            run.versions(versions);
        } catch (SQLException e) {
            throw new IllegalStateException("upgradeTo(" + image + "): the nodes run the new image but updating the"
                    + " Citus extension failed: " + e.getMessage(), e);
        }
        run.awaitHealthy();
    }
}
