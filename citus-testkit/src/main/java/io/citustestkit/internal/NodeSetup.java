package io.citustestkit.internal;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HealthCheck;
import io.citustestkit.CitusClusterContainer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;

/**
 * How one node's container is set up, the same for the coordinator and every worker of a start: environment, labels,
 * server command, create-command changes and the wait for it. The coordinator is the cluster container itself; the
 * workers are {@link NodeContainer}s made here.
 *
 * <pre>{@code
 * NodeSetup setup = new NodeSetup(config, images, clusterId, timeout);
 * setup.apply(coordinator, "coordinator", "coordinator");
 * NodeContainer worker = setup.newWorker("worker-1", network, false, logConsumers);
 * }</pre>
 */
public final class NodeSetup {

    private final ClusterConfig config;
    private final ClusterImages images;
    private final String clusterId;
    private final Duration startupTimeout;
    private NodeAddressing addressing = NodeAddressing.networkAliases();

    public NodeSetup(ClusterConfig config, ClusterImages images, String clusterId, Duration startupTimeout) {
        this.config = config;
        this.images = images;
        this.clusterId = clusterId;
        this.startupTimeout = startupTimeout;
    }

    /** How nodes are addressed: each node's host port is bound when it is set up ({@link #apply}). */
    public NodeSetup withAddressing(NodeAddressing addressing) {
        this.addressing = addressing;
        return this;
    }

    public ClusterImages images() {
        return images;
    }

    /** Environment, labels and server command of a node ({@code role}: coordinator or worker). */
    public void apply(GenericContainer<?> node, String alias, String role) {
        node.addEnv("POSTGRES_DB", config.databaseName());
        node.addEnv("POSTGRES_USER", config.username());
        node.addEnv("POSTGRES_PASSWORD", config.password());
        if (!images.tuned()) {
            // a test database need not be flushed to disk at initdb either (the official entrypoint passes this
            // on). Not on the tuned image: any POSTGRES_INITDB_ARGS there means "not the baked settings".
            node.addEnv("POSTGRES_INITDB_ARGS", "--no-sync");
        } else if (InPlaceDataDirectory.possible(config, node)) {
            // the data directory made at image build time, used where it is: no initdb, no copy at start; the image
            // applies the cluster's own credentials to it first when they are not the baked ones
            node.addEnv("PGDATA", TunedImages.BAKED_DATA_DIRECTORY);
        }
        node.addEnv("CITUS_ROLE", role);
        node.addEnv("CITUS_PROFILE", "test");
        node.withLabel(CitusClusterContainer.CLUSTER_LABEL, clusterId);
        node.withLabel(CitusClusterContainer.ROLE_LABEL, role);
        node.withLabel(CitusClusterContainer.NODE_LABEL, alias);
        node.setCommand(config.serverCommand().toArray(new String[0]));
        node.withStartupCheckStrategy(new NodeStartupCheck());
        node.setNetworkAliases(new java.util.ArrayList<>(List.of(alias)));
        addressing.bind(node, alias);
    }

    /** What every node's create command gets beyond Testcontainers' own settings. */
    public void modify(CreateContainerCmd cmd) {
        ShutdownCleanup.refuseWhileShuttingDown();
        if (InPlaceDataDirectory.isSetOn(cmd)) {
            // the baked directory belongs to postgres already: the entrypoint need not start as root and switch users
            cmd.withUser("postgres");
        }
        if (images.plainStart()) {
            PlainImageStart.apply(cmd);
        }
        // no Docker healthcheck: the kit checks readiness and cluster health itself, and the images' checks (the
        // tuned image's every 2 s, the official image's every 4 s) are a process started in every node the whole
        // time the cluster runs, about 0.06 s of CPU per second per node
        cmd.withHealthcheck(new HealthCheck().withTest(List.of("NONE")));
        FailFastNetwork.apply(cmd); // a cut-off node fails fast (docs/cluster.md "Network faults")
    }

    /** A worker's container on the cluster network, not started. */
    public NodeContainer newWorker(String alias, Network network, boolean reuse, List<Consumer<OutputFrame>> logs) {
        NodeContainer w = new NodeContainer(images);
        w.withReuse(reuse); // before apply(): a reusable node's host port is a fixed one (NodeAddressing.bind)
        apply(w, alias, "worker");
        w.withCreateContainerCmdModifier(this::modify);
        w.withNetwork(network);
        w.withExposedPorts(NodeAddressing.POSTGRES_PORT);
        w.waitingFor(readyWait(alias).withReused(w::wasReused));
        logs.forEach(w::withLogConsumer);
        return w;
    }

    /**
     * The wait of one node. It connects once the node accepts connections (with {@link PlainImageStart}: once the
     * node says its database and extension exist) and runs what a node's first connection does, before anyone
     * registers it. The plain image: store the password Citus uses for its node-to-node connections in
     * {@code pg_dist_authinfo}. The tuned image needs none (its server has a password file with the cluster's
     * credentials); on the baked directory the node gets its own Citus server id (the image does the same right after
     * its server starts; whichever runs first wins).
     */
    public NodeReadyWait readyWait(String alias) {
        NodeReadyWait wait = new NodeReadyWait(alias, config::databaseName, config::username, config::password);
        wait.withStartupTimeout(startupTimeout);
        if (images.plainStart()) {
            wait.withReadyLogLine(PlainImageStart.READY_LINE);
        }
        if (!images.tuned()) {
            return wait.withReadyStatement(ClusterSql.STORE_AUTHINFO, config.username(),
                    ClusterSql.passwordConninfo(config.password()), config.username());
        }
        return wait.withReadyStatement(config.usesBakedDirectory() ? ClusterSql.NEW_SERVER_ID : "SELECT 1");
    }

    /** The wait of a node that comes back after a stop in place: it accepts connections again. */
    public NodeReadyWait restartWait(String alias) {
        NodeReadyWait wait = new NodeReadyWait(alias, config::databaseName, config::username, config::password);
        wait.withStartupTimeout(startupTimeout);
        return wait;
    }
}
