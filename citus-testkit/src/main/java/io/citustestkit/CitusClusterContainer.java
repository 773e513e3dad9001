package io.citustestkit;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.citustestkit.internal.Args;
import io.citustestkit.internal.ClusterConfig;
import io.citustestkit.internal.ClusterImages;
import io.citustestkit.internal.HostPorts;
import io.citustestkit.internal.ImagePipeline;
import io.citustestkit.internal.InitScripts;
import io.citustestkit.internal.NodeAddressing;
import io.citustestkit.internal.NodeControl;
import io.citustestkit.internal.NodeReadyWait;
import io.citustestkit.internal.StartFailures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * A Citus cluster as one Testcontainers container: this container <em>is</em> the coordinator and owns
 * N worker containers, started in parallel on their own network, registered with each other and ready for
 * {@code create_distributed_table} when {@link #start()} returns.
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer().withWorkers(2)) {
 *     cluster.start();
 *     try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
 *         s.execute("CREATE TABLE events (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
 *         s.execute("SELECT create_distributed_table('events', 'tenant_id')");
 *     }
 * }
 * }</pre>
 * <p>As a {@link JdbcDatabaseContainer} it goes wherever a Testcontainers JDBC container does ({@code @Container},
 * {@code @ServiceConnection}, Flyway); image substitution, pull policy, credentials and the start are Testcontainers'
 * (docs/architecture.md). {@code withX} records values until {@link #start()}. Worker indexes are 0-based. {@code
 * withReuse(true)}: a later JVM with equal settings finds the whole cluster (init scripts ran); do not stop it then.
 */
public class CitusClusterContainer extends JdbcDatabaseContainer<CitusClusterContainer> {

    /** The image used by {@link #CitusClusterContainer()}. One constant, easy to bump. */
    public static final String DEFAULT_IMAGE = "citusdata/citus:13.2.0";
    /** Port PostgreSQL listens on inside every node. */
    public static final int POSTGRES_PORT = NodeAddressing.POSTGRES_PORT;
    /** Workers a cluster has unless {@link #withWorkers(int)} says otherwise. */
    public static final int DEFAULT_WORKERS = ClusterConfig.DEFAULT_WORKERS;
    /** The most workers a cluster can have. */
    public static final int MAX_WORKERS = ClusterConfig.MAX_WORKERS;
    /** Label on every container and network of a cluster: the cluster's id. */
    public static final String CLUSTER_LABEL = "io.citustestkit.cluster";
    /** Label on every node container: {@code coordinator} or {@code worker}. */
    public static final String ROLE_LABEL = "io.citustestkit.role";
    /** Label on every node container: its network alias. */
    public static final String NODE_LABEL = "io.citustestkit.node";
    /** Label on the coordinator: its init scripts and a hash of their contents (a reused cluster ran the same). */
    public static final String INIT_SCRIPTS_LABEL = "io.citustestkit.init-scripts";

    private volatile DockerImageName baseImage; // another after upgradeTo
    private final ClusterConfig config = new ClusterConfig();
    private final NodeAddressing addressing = NodeAddressing.networkAliases();
    private final NodeControl control = new NodeControl(this);
    private volatile ClusterRun run;
    private volatile String clusterId;
    private volatile ClusterUpgrade upgrading; // set while upgradeTo restarts the coordinator
    private volatile ClusterUpgrade.Timings lastUpgrade;

    /** A cluster on {@link #DEFAULT_IMAGE}. */
    public CitusClusterContainer() {
        this(DockerImageName.parse(DEFAULT_IMAGE));
    }

    /**
     * A cluster on a {@code citusdata/citus} image such as {@code "citusdata/citus:13.2.0"}; another declared with
     * {@code asCompatibleSubstituteFor("citusdata/citus")} (as {@code @CitusCluster(image)} does); mirrors just work.
     */
    public CitusClusterContainer(String image) {
        this(DockerImageName.parse(Args.notBlank("image", image)));
    }

    /** A cluster on the given image; see {@link #CitusClusterContainer(String)}. */
    public CitusClusterContainer(DockerImageName image) {
        super(ClusterImages.requireCitus(image, DEFAULT_IMAGE));
        this.baseImage = image;
        addExposedPort(POSTGRES_PORT);
        withImagePullPolicy(PullPolicy.defaultPolicy());
        // the kit's own wait is made in configure(), once the image is known; a wait given with waitingFor(...) stays
        waitingFor(new NodeReadyWait(addressing.networkAliasOfCoordinator(), config::databaseName, config::username,
                config::password));
        withStartupTimeout(Duration.ofSeconds(120));
        withCreateContainerCmdModifier(cmd -> Optional.ofNullable(run).ifPresent(r -> r.setup().modify(cmd)));
    }

    /** Number of workers, 0..32 (default 2); with 0 the coordinator holds the shards ({@code shouldhaveshards}). */
    public CitusClusterContainer withWorkers(int workers) {
        config.workers(workers);
        return self();
    }

    /** Sets {@code citus.shard_count} (shards per new distributed table) on every node; 1 or more. */
    public CitusClusterContainer withShardCount(int shardCount) {
        config.shardCount(shardCount);
        return self();
    }

    /** A PostgreSQL or Citus setting for every node, given at server start ({@code -c name=value}). */
    public CitusClusterContainer withConfigParameter(String name, String value) {
        config.configParameter(name, value);
        return self();
    }

    @Override
    public CitusClusterContainer withDatabaseName(String databaseName) {
        config.databaseName(databaseName);
        return self();
    }

    @Override
    public CitusClusterContainer withUsername(String username) {
        config.username(username);
        return self();
    }

    @Override
    public CitusClusterContainer withPassword(String password) {
        config.password(password);
        return self();
    }

    /** Every node registered under an address nodes and test JVM reach ({@code 192.168.64.1:24117}); default false
     * ({@code worker-1:5432}, see {@link #hostAddressOf}). Refused where the engine cannot (docs/cluster.md). */
    public CitusClusterContainer withHostReachableNodes(boolean hostReachable) {
        config.hostReachableNodes(hostReachable);
        return self();
    }

    /**
     * With {@code withReuse(true)}: which reusable cluster of equal settings this is, so that test forks running at
     * once each get their own ({@code "fork-" + forkNumber}); default: the system property
     * {@value io.citustestkit.internal.ClusterConfig#REUSE_KEY_PROPERTY}, else none (equal settings share one
     * cluster across JVMs). Any non-blank text (docs/cluster.md "Reuse").
     */
    public CitusClusterContainer withReuseKey(String reuseKey) {
        config.reuseKey(Args.notBlank("reuseKey", reuseKey));
        return self();
    }

    /** The reuse key a start uses: {@link #withReuseKey(String)}'s, else the system property's, else {@code ""}. */
    public String getReuseKey() {
        return config.reuseKey();
    }

    /**
     * Runs the test-tuned image built on the base image (true, the default), or the base image (docs/cluster.md). On a
     * machine without the tuned image, a cluster that is not reusable does not wait for its build: it runs on the base
     * image while the tuned image builds in the background ({@link #isTunedImage()}, docs/image.md).
     */
    public CitusClusterContainer withTunedImage(boolean tuned) {
        config.tunedImage(tuned);
        return self();
    }

    /** SQL script (classpath resource) run on the coordinator after all nodes are registered. */
    @Override
    public CitusClusterContainer withInitScript(String initScriptPath) {
        return withInitScripts(List.of(Args.notNull("initScript", initScriptPath)));
    }

    /** SQL scripts (classpath resources) run in order on the coordinator after registration; errors name the line. */
    @Override
    public CitusClusterContainer withInitScripts(Iterable<String> initScriptPaths) {
        withLabel(INIT_SCRIPTS_LABEL, InitScripts.fingerprint(config.initScripts(initScriptPaths)));
        return self();
    }

    @Override
    public CitusClusterContainer withInitScripts(String... initScriptPaths) {
        return withInitScripts(List.of(Args.notNull("initScripts", initScriptPaths)));
    }

    /** Seed data: SQL scripts (classpath resources) run after the init scripts and after every truncateTables(). */
    public CitusClusterContainer withDataScripts(String... dataScriptPaths) {
        config.dataScripts(List.of(Args.notNull("dataScripts", dataScriptPaths)));
        return self();
    }

    /** Tables {@link #truncateTables()} leaves alone ({@code schema.table}); migration history is always kept. */
    public CitusClusterContainer withKeptTables(String... qualifiedNames) {
        config.keptTables(qualifiedNames);
        return self();
    }

    /** Puts the nodes on your network (aliases {@code coordinator}, {@code worker-1}, ...); else on their own. */
    @Override
    public CitusClusterContainer withNetwork(Network network) {
        return super.withNetwork(Args.notNull("network", network));
    }

    /** How the base image is pulled, as for any container; one that cannot be had fails within seconds, naming it. */
    @Override
    public CitusClusterContainer withImagePullPolicy(ImagePullPolicy policy) {
        return super.withImagePullPolicy(ImagePipeline.failFast(policy, baseImage, ClusterImages.CHOOSE_ANOTHER));
    }

    /** Time each node may take to start and the cluster to become healthy (default 120 s). */
    @Override
    public CitusClusterContainer withStartupTimeout(Duration startupTimeout) {
        Args.positive("startupTimeout", startupTimeout);
        super.withStartupTimeoutSeconds((int) Math.min(Integer.MAX_VALUE, (startupTimeout.toMillis() + 999) / 1000));
        return super.withStartupTimeout(startupTimeout);
    }

    @Override
    public String getDriverClassName() {
        return "org.postgresql.Driver";
    }

    /** JDBC URL of the coordinator, reachable from the test JVM. */
    @Override
    public String getJdbcUrl() {
        return NodeReadyWait.jdbcUrl(getHost(), getMappedPort(POSTGRES_PORT), config.databaseName())
                + constructUrlParameters("?", "&");
    }

    @Override
    public String getDatabaseName() {
        return config.databaseName();
    }

    @Override
    public String getUsername() {
        return config.username();
    }

    @Override
    public String getPassword() {
        return config.password();
    }

    @Override
    protected String getTestQueryString() {
        return "SELECT 1";
    }

    /** Number of workers the cluster is configured with (or has, once started). */
    public int getWorkerCount() {
        ClusterRun r = run;
        return r != null && r.coordinator() != null ? r.workers().size() : config.workers();
    }

    /** The image the cluster was asked for (before substitution and tuning). */
    public DockerImageName getBaseImage() {
        return baseImage;
    }

    /**
     * Whether the nodes run the tuned image derived from the base image: before a start, whether it was asked for
     * ({@link #withTunedImage(boolean)}); once started, whether the nodes run it. The first cluster on a machine
     * without the tuned image runs on the base image while the tuned image builds in the background (docs/image.md
     * "First use on a fresh machine"): for it, false.
     */
    public boolean isTunedImage() {
        ClusterRun r = run;
        return r != null ? r.setup().images().tuned() : config.tunedImage();
    }

    /**
     * The Citus version the started cluster runs, as {@code citus_version()} names it, such as {@code "12.1.12"}:
     * read from the coordinator at start, for tests and messages that depend on it.
     */
    public String getCitusVersion() {
        return started("getCitusVersion()").versions().citus();
    }

    /** The PostgreSQL version the started cluster runs, such as {@code "15.14"}, read from the coordinator at start. */
    public String getPostgresVersion() {
        return started("getPostgresVersion()").versions().postgres();
    }

    /** The id in the {@value #CLUSTER_LABEL} label of every node and network, once a start began. */
    public String getClusterId() {
        return clusterId;
    }

    /** The image the nodes run: the tuned image built on the resolved base, or that base (never substituted twice). */
    @Override
    public String getDockerImageName() {
        return Optional.ofNullable(run).map(r -> r.setup().images().run()).orElseGet(super::getDockerImageName);
    }

    /** Starts every node in parallel, registers them, returns when each reaches each other, after the init scripts;
     * a failure removes what started and a {@link CitusNodeStartupException} names the node, image and last log lines. */
    @Override
    public void start() { // a host-reachable start whose host port another JVM took meanwhile: again, new ports
        HostPorts.start(config.hostReachableNodes() && !isShouldBeReused(), super::start, e -> {
            endRun(); // what started before the coordinator existed (Testcontainers stops what it created)
            return StartFailures.of(addressing.networkAliasOfCoordinator(), getBaseImage().asCanonicalNameString(), e);
        });
    }

    @Override
    protected void configure() {
        ClusterUpgrade u = upgrading;
        if (u != null) { // the coordinator comes back on the new image; the run, its network and workers stay
            u.configureCoordinator();
            return;
        }
        ClusterRun r = ClusterRun.prepare(this, config, addressing);
        clusterId = r.clusterId();
        run = r;
        super.withNetwork(r.network());
        r.setup().apply(this, addressing.networkAliasOfCoordinator(), "coordinator");
        if (getWaitStrategy() instanceof NodeReadyWait) {
            setWaitStrategy(r.setup().readyWait(addressing.networkAliasOfCoordinator()).withReused(r::reused));
        }
        r.startWorkers(getLogConsumers());
    }

    int startupTimeoutSeconds() {
        return getStartupTimeoutSeconds(); // as JdbcDatabaseContainer holds it
    }

    String reuseKey() { // what else makes a reused cluster the same one: image and init scripts
        return baseImage.asCanonicalNameString() + "|" + getLabels().getOrDefault(INIT_SCRIPTS_LABEL, "");
    }

    @Override
    protected void waitUntilContainerStarted() {
        getWaitStrategy().waitUntilReady(this);
    }

    @Override
    protected void containerIsCreated(String containerId) {
        ClusterUpgrade u = upgrading;
        if (u != null) {
            u.coordinatorCreated(containerId); // its data, before its server starts
        }
    }

    /**
     * Reusable as any container: {@link #containerIsCreated} does something only during {@link #upgradeTo}, which
     * refuses reusable clusters (Testcontainers assumes an override of that hook may not be reuse-safe).
     */
    @Override
    protected boolean canBeReused() {
        return true;
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo, boolean reused) {
        if (upgrading != null) {
            return;
        }
        run.coordinatorAttached(reused);
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo, boolean reused) {
        if (upgrading != null) {
            return; // registered already (pg_dist_node is in its data); the upgrade updates the extension next
        }
        run.assemble(control, reused);
        if (!reused) {
            super.containerIsStarted(containerInfo, false); // JdbcDatabaseContainer: runInitScriptIfRequired()
        }
        run.whole(); // a reusable cluster: other JVMs may use it now
        run.logReady(reused);
        run.setup().images().afterStart(); // a deferred tuned image build starts now, while the tests run
    }

    @Override
    protected void runInitScriptIfRequired() { // each statement's failure names script, number and line; then the data
        run.runScripts(true);
    }

    @Override
    protected void containerIsStopping(InspectContainerResponse containerInfo) {
        if (upgrading != null) {
            return;
        }
        Optional.ofNullable(run).ifPresent(ClusterRun::stopWorkers);
    }

    @Override
    protected void containerIsStopped(InspectContainerResponse containerInfo) {
        if (upgrading != null) {
            control.forget();
            return;
        }
        endRun();
    }

    /** The end of a run, after a stop or a failed start: workers, sessions, the cluster's own network. */
    private void endRun() {
        ClusterRun r = run;
        if (r != null) {
            r.setup().images().afterStart(); // a failed start: the deferred tuned image build need not wait longer
        }
        if (r != null && r.end()) {
            setNetwork(null); // the cluster's own network is gone: a next start makes a new one
        }
        control.forget();
        run = null;
    }

    /** The host port of a container port; the IPv4 binding when Docker maps IPv6 to another port. */
    @Override
    public Integer getMappedPort(int originalPort) {
        return control.ipv4Port(getContainerInfo(), originalPort).orElseGet(() -> super.getMappedPort(originalPort));
    }

    @Override
    public InspectContainerResponse getContainerInfo() {
        return control.info(super.getContainerInfo());
    }

    /**
     * Rehearses a Citus upgrade on this running cluster: every node, workers and coordinator, is restarted on {@code
     * image} with its data, then {@code ALTER EXTENSION citus UPDATE} runs on every node and {@code
     * citus_finish_citus_upgrade()} on the coordinator, as the Citus docs say; returns when the cluster is registered
     * and healthy as after {@link #start()}. Nodes keep their names, node ids and shards; {@link #getJdbcUrl()} and the
     * nodes' URLs keep their host ports. With the tuned image, the tuned image of {@code image} is used (built first
     * when missing). Refused at once, with nothing changed: another PostgreSQL major version ({@code pg_upgrade}'s
     * job), an older Citus, an image without Citus, a reusable cluster, one {@code @CitusCluster} shares, a node that
     * is stopped, paused or disconnected. A node that does not come up on the new image ends the cluster as a failed
     * start does ({@link CitusNodeStartupException}). See docs/cluster.md "Rehearsing an upgrade".
     */
    public CitusClusterContainer upgradeTo(String image) {
        return upgradeTo(DockerImageName.parse(Args.notBlank("image", image)));
    }

    /** {@link #upgradeTo(String)} for an image name such as a mirror's, declared a Citus image the Testcontainers way. */
    public CitusClusterContainer upgradeTo(DockerImageName image) {
        ClusterImages.requireCitus(image, DEFAULT_IMAGE);
        ClusterRun r = started("upgradeTo(" + image.asCanonicalNameString() + ")");
        synchronized (r) {
            lastUpgrade = ClusterUpgrade.run(this, r, image);
        }
        baseImage = image;
        setImage(ImagePipeline.requested(image, ClusterImages.CHOOSE_ANOTHER)); // a later start() starts this one
        return self();
    }

    /** The coordinator's part of an upgrade: Testcontainers' stop and start, with the rest of the cluster kept. */
    void restartForUpgrade(ClusterUpgrade upgrade) {
        upgrading = upgrade;
        try {
            stop(); // the old container (already shut down): removed
            super.start();
        } finally {
            upgrading = null;
            setPortBindings(new java.util.ArrayList<>()); // the port the upgrade kept is the created container's now
        }
    }

    /** A failed upgrade removes the whole cluster, as a failed start does. */
    void endAfterFailedUpgrade() {
        if (getContainerId() != null) {
            stop();
        } else {
            endRun();
        }
    }

    /** What the last upgradeTo took (for the benchmark), or null. */
    ClusterUpgrade.Timings lastUpgrade() {
        return lastUpgrade;
    }

    /** The coordinator node (this container). */
    public CitusNode getCoordinator() {
        return started("getCoordinator()").coordinator();
    }

    /** Every worker, in the order they were added (index 0 first). */
    public List<CitusNode> getWorkers() {
        return started("getWorkers()").workers();
    }

    /** The worker at a 0-based index. */
    public CitusNode getWorker(int index) {
        return started("getWorker(int)").worker(index);
    }

    /** Where the test JVM reaches a registered node: {@code ("worker-1", 5432)} gives {@code localhost:32771}. */
    public java.net.InetSocketAddress hostAddressOf(String nodeName, int nodePort) {
        return CitusNode.hostAddressOf(started("hostAddressOf(String, int)"), nodeName, nodePort);
    }

    /** Starts one more worker, registers it, and returns it once the coordinator sees it active. */
    public CitusNode addWorker() {
        return started("addWorker()").addWorker();
    }

    /** Drains a worker ({@code citus_drain_node}), unregisters it and removes its container, for good. */
    public void removeWorker(CitusNode worker) {
        started("removeWorker(CitusNode)").removeWorker(worker);
    }

    /** Runs Citus' rebalancer ({@code citus_rebalance_start}) and returns when shards are spread over every worker. */
    public void rebalance() {
        started("rebalance()").rebalance();
    }

    /** Drops what tests created on every node, migration history too; registration stays (docs/cluster.md "Reset"). */
    public void reset() {
        started("reset()").reset();
    }

    /** The worker holding the shard of a distribution value in a distributed table (docs/cluster.md "Faults"). */
    public CitusNode workerFor(String table, Object distributionValue) {
        return started("workerFor(String, Object)").workerFor(table, distributionValue);
    }

    /** Empties user tables but history and kept ones, restarts owned sequences, runs the data scripts (cluster.md). */
    public void truncateTables() {
        started("truncateTables()").truncateTables();
    }

    ClusterConfig config() { // the kit's own settings (for tests of them)
        return config;
    }

    private ClusterRun started(String method) {
        ClusterRun r = run;
        if (r == null || r.coordinator() == null) {
            throw new IllegalStateException(method + " needs a started cluster; call start() first"
                    + " (or let @Container / @CitusCluster start it)");
        }
        return r;
    }
}
