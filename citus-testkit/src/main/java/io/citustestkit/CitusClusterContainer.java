package io.citustestkit;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.citustestkit.internal.Args;
import io.citustestkit.internal.ClusterConfig;
import io.citustestkit.internal.ClusterImages;
import io.citustestkit.internal.ClusterNetworks;
import io.citustestkit.internal.ImagePipeline;
import io.citustestkit.internal.InitScripts;
import io.citustestkit.internal.NodeAddressing;
import io.citustestkit.internal.NodeControl;
import io.citustestkit.internal.NodeReadyWait;
import io.citustestkit.internal.ShutdownCleanup;
import io.citustestkit.internal.StartFailures;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * A Citus cluster as one Testcontainers container: this container <em>is</em> the coordinator and owns
 * N worker containers, started in parallel on their own network, registered with each other and ready for
 * {@code create_distributed_table} when {@link #start()} returns.
 *
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer().withWorkers(2)) {
 *     cluster.start();
 *     try (Connection c = cluster.createConnection("");
 *          Statement s = c.createStatement()) {
 *         s.execute("CREATE TABLE events (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
 *         s.execute("SELECT create_distributed_table('events', 'tenant_id')");
 *     }
 * }
 * }</pre>
 *
 * <p>Because it is a {@link JdbcDatabaseContainer}, anything that takes a Testcontainers JDBC container
 * takes it: {@code @Container}, Spring Boot's {@code @ServiceConnection}, Flyway. {@link #getJdbcUrl()} reaches
 * the coordinator. It starts the Testcontainers way: its image goes through Testcontainers' image name substitution,
 * pull policy and registry credentials; {@code configure()} prepares the cluster and starts the workers, the
 * coordinator starts as any container does, and {@code containerIsStarted} registers the workers and waits for a
 * healthy cluster (docs/architecture.md shows the parts).
 *
 * <p>Configuration methods ({@code withX}) record values; nothing happens until {@link #start()}. Worker
 * indexes are 0-based: {@code getWorker(0)} is the node with network alias {@code worker-1}.
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

    private static final DockerImageName CITUS_IMAGE = DockerImageName.parse("citusdata/citus");
    private static final DockerImageName TUNED_IMAGE = DockerImageName.parse("ghcr.io/citus-testkit/citus");
    private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final DockerImageName baseImage;
    private final ClusterConfig config = new ClusterConfig();
    private final NodeAddressing addressing = NodeAddressing.networkAliases();
    private final NodeControl control = new NodeControl(this);
    private volatile ClusterRun run;
    private volatile String clusterId;
    private volatile long startedNanos;

    /** A cluster on {@link #DEFAULT_IMAGE}. */
    public CitusClusterContainer() {
        this(DockerImageName.parse(DEFAULT_IMAGE));
    }

    /**
     * A cluster on the given {@code citusdata/citus} image, such as {@code "citusdata/citus:13.2.0"}.
     * Another name (a mirror, your own build) must be declared compatible:
     * {@code DockerImageName.parse("registry.example.com/citus:13.2.0").asCompatibleSubstituteFor("citusdata/citus")}.
     * A company mirror configured for Testcontainers ({@code hub.image.name.prefix}) needs nothing: the name is
     * substituted as for any container.
     */
    public CitusClusterContainer(String image) {
        this(DockerImageName.parse(Args.notBlank("image", image)));
    }

    /** A cluster on the given image; see {@link #CitusClusterContainer(String)}. */
    public CitusClusterContainer(DockerImageName image) {
        super(Args.notNull("image", image));
        if (!image.isCompatibleWith(CITUS_IMAGE) && !image.isCompatibleWith(TUNED_IMAGE)) {
            throw new IllegalArgumentException("image was " + image.asCanonicalNameString()
                    + "; allowed: a citusdata/citus image (such as " + DEFAULT_IMAGE + ") or one declared compatible"
                    + " with DockerImageName.parse(\"" + image.asCanonicalNameString()
                    + "\").asCompatibleSubstituteFor(\"citusdata/citus\")");
        }
        this.baseImage = image;
        addExposedPort(POSTGRES_PORT);
        withImagePullPolicy(PullPolicy.defaultPolicy());
        // the kit's own wait is made in configure(), once the image is known; a wait given with waitingFor(...) stays
        waitingFor(new NodeReadyWait(addressing.networkAliasOfCoordinator(), config::databaseName, config::username,
                config::password));
        withStartupTimeout(DEFAULT_STARTUP_TIMEOUT);
        withCreateContainerCmdModifier(cmd -> {
            ClusterRun r = run;
            if (r != null) {
                r.setup().modify(cmd);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // configuration
    // ---------------------------------------------------------------------------------------------

    /**
     * Number of workers, 0..32 (default 2). With 0 the coordinator holds the shards itself
     * ({@code shouldhaveshards}), and keeps holding some after {@link #addWorker()} and {@link #rebalance()}.
     */
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

    /**
     * Runs the derived, test-tuned image built from the chosen base image (true, the default), or the
     * base image unchanged (false). The base image's first start is then driven by the kit with the image's own
     * entrypoint functions and one server instead of a temporary one and a restart (see docs/cluster.md); an image
     * with an entrypoint other than the official {@code docker-entrypoint.sh} starts its own way.
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

    /** SQL scripts (classpath resources) run in order on the coordinator after all nodes are registered. */
    @Override
    public CitusClusterContainer withInitScripts(Iterable<String> initScriptPaths) {
        Args.notNull("initScripts", initScriptPaths);
        List<String> paths = new ArrayList<>();
        initScriptPaths.forEach(p -> paths.add(InitScripts.requireClasspathResource("initScript", p)));
        withLabel(INIT_SCRIPTS_LABEL, InitScripts.fingerprint(paths));
        return super.withInitScripts(paths);
    }

    @Override
    public CitusClusterContainer withInitScripts(String... initScriptPaths) {
        return withInitScripts(List.of(Args.notNull("initScripts", initScriptPaths)));
    }

    /**
     * Puts the cluster on your network (the nodes keep their aliases {@code coordinator}, {@code worker-1}, ...);
     * otherwise the cluster makes a network of its own and removes it on {@link #stop()}.
     */
    @Override
    public CitusClusterContainer withNetwork(Network network) {
        return super.withNetwork(Args.notNull("network", network));
    }

    /**
     * Reuses the whole cluster, workers included, in a later JVM when the settings are equal (needs
     * {@code testcontainers.reuse.enable=true}, see Testcontainers' docs): the later JVM finds the containers, checks
     * the registration and health, and is done. A reused cluster is not stopped for you: do not call {@link #stop()}
     * when you want to keep it. Init scripts run only when the cluster is created, not when it is reused.
     */
    @Override
    public CitusClusterContainer withReuse(boolean reusable) {
        return super.withReuse(reusable);
    }

    /**
     * How images are pulled, as for any container ({@code PullPolicy.alwaysPull()}, ...); the default pulls what is
     * not present. An image that is neither present nor pullable fails within seconds, naming it.
     */
    @Override
    public CitusClusterContainer withImagePullPolicy(ImagePullPolicy policy) {
        return super.withImagePullPolicy(ImagePipeline.failFast(policy, baseImage, "Choose another with new"
                + " CitusClusterContainer(\"citusdata/citus:<tag>\") or, under @CitusCluster, the system property"
                + " citustestkit.image."));
    }

    /** Time each node may take to start and the cluster to become healthy (default 120 s). */
    @Override
    public CitusClusterContainer withStartupTimeout(Duration startupTimeout) {
        Args.notNull("startupTimeout", startupTimeout);
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout was " + startupTimeout + "; allowed: a positive duration");
        }
        super.withStartupTimeoutSeconds((int) Math.min(Integer.MAX_VALUE, (startupTimeout.toMillis() + 999) / 1000));
        return super.withStartupTimeout(startupTimeout);
    }

    @Override
    public CitusClusterContainer withStartupTimeoutSeconds(int startupTimeoutSeconds) {
        return withStartupTimeout(Duration.ofSeconds(Args.positive("startupTimeoutSeconds", startupTimeoutSeconds)));
    }

    // ---------------------------------------------------------------------------------------------
    // JdbcDatabaseContainer
    // ---------------------------------------------------------------------------------------------

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

    /** Whether the nodes run the tuned image derived from the base image. */
    public boolean isTunedImage() {
        return config.tunedImage();
    }

    /** The id in the {@value #CLUSTER_LABEL} label of every node and network, once a start began. */
    public String getClusterId() {
        return clusterId;
    }

    /**
     * The image the nodes run: the tuned image built on the resolved base, or the resolved base itself. Built images
     * run under their own {@code localhost/} name: substitution, which already gave the base its name, is not applied
     * to them again.
     */
    @Override
    public String getDockerImageName() {
        ClusterRun r = run;
        return r != null ? r.setup().images().run() : super.getDockerImageName();
    }

    // ---------------------------------------------------------------------------------------------
    // lifecycle: Testcontainers' hooks
    // ---------------------------------------------------------------------------------------------

    /**
     * Starts the coordinator and every worker in parallel, registers them, and returns when the coordinator
     * sees every worker active, every node reaches every other node, and a distributed table can be created.
     * Then runs the init scripts. On failure everything started so far is removed and a
     * {@link CitusNodeStartupException} names the node, its image and its last log lines.
     */
    @Override
    public void start() {
        try {
            super.start();
        } catch (RuntimeException e) {
            endRun(); // what started before the coordinator existed (Testcontainers stops what it created)
            throw StartFailures.of(addressing.networkAliasOfCoordinator(), getBaseImage().asCanonicalNameString(), e);
        }
    }

    @Override
    protected void configure() {
        startedNanos = System.nanoTime();
        ClusterImages images = ClusterImages.resolve(getImage(), config.tunedImage());
        boolean reusable = isShouldBeReused() && TestcontainersConfiguration.getInstance().environmentSupportsReuse();
        String id = reusable ? "reuse-" + config.settingsHash(baseImage.asCanonicalNameString(),
                getLabels().getOrDefault(INIT_SCRIPTS_LABEL, "")) : UUID.randomUUID().toString().substring(0, 12);
        boolean ownsNetwork = getNetwork() == null;
        Network network = ownsNetwork ? ClusterNetworks.create(CLUSTER_LABEL, id, reusable) : getNetwork();
        ClusterRun r = new ClusterRun(this, config, addressing, id, reusable, images, network, ownsNetwork,
                Duration.ofSeconds(getStartupTimeoutSeconds()));
        clusterId = id;
        run = r;
        if (!reusable) {
            ShutdownCleanup.register(CLUSTER_LABEL, id, this::stop);
        }
        super.withNetwork(network);
        r.setup().apply(this, addressing.networkAliasOfCoordinator(), "coordinator");
        if (getWaitStrategy() instanceof NodeReadyWait) {
            setWaitStrategy(r.setup().readyWait(addressing.networkAliasOfCoordinator()));
        }
        r.startWorkers(getLogConsumers());
    }

    @Override
    protected void waitUntilContainerStarted() {
        getWaitStrategy().waitUntilReady(this);
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo, boolean reused) {
        run.assemble(control, reused);
        if (!reused) {
            super.containerIsStarted(containerInfo, false); // JdbcDatabaseContainer: the init scripts
        }
        run.logReady(startedNanos, reused);
    }

    @Override
    protected void containerIsStopping(InspectContainerResponse containerInfo) {
        ClusterRun r = run;
        if (r != null) {
            r.stopWorkers();
        }
    }

    @Override
    protected void containerIsStopped(InspectContainerResponse containerInfo) {
        endRun();
    }

    /** The end of a run, after a stop or a failed start: workers, sessions, the cluster's own network. */
    private void endRun() {
        ClusterRun r = run;
        if (r == null) {
            return;
        }
        r.stopWorkers();
        r.closeNetwork();
        if (r.ownsNetwork()) {
            setNetwork(null);
        }
        control.forget();
        ShutdownCleanup.unregister(r.clusterId());
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

    // ---------------------------------------------------------------------------------------------
    // a started cluster
    // ---------------------------------------------------------------------------------------------

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
        List<CitusNode> current = started("getWorker(int)").workers();
        if (index < 0 || index >= current.size()) {
            throw new IndexOutOfBoundsException("worker index was " + index + "; allowed: "
                    + (current.isEmpty() ? "none (this cluster has no workers)"
                            : "0.." + (current.size() - 1) + " (this cluster has " + current.size() + " workers)"));
        }
        return current.get(index);
    }

    /** Starts one more worker, registers it, and returns it once the coordinator sees it active. */
    public CitusNode addWorker() {
        return started("addWorker()").addWorker();
    }

    /**
     * Moves every shard off a worker ({@code citus_drain_node}), removes it from the metadata, and stops and
     * removes its container. The node is removed for good: its {@code start()} fails saying so.
     */
    public void removeWorker(CitusNode worker) {
        started("removeWorker(CitusNode)").removeWorker(worker);
    }

    /**
     * Starts Citus' background rebalancer ({@code citus_rebalance_start}) and returns when it is done, so
     * shards are spread over every worker, including ones added with {@link #addWorker()}.
     */
    public void rebalance() {
        started("rebalance()").rebalance();
    }

    /**
     * Drops what tests created: user schemas with everything in them, and the tables (distributed, reference,
     * Citus-local and local), views, sequences, types and routines in {@code public}, on every node: each worker
     * drops the shards it holds, all in parallel, then the coordinator drops the tables in one transaction.
     * Registration and settings stay; the cluster is usable at once. When a worker is down nothing is dropped and
     * this fails with an {@link IllegalStateException} naming the cause.
     */
    public void reset() {
        ClusterRun r = started("reset()");
        try {
            r.resets().drop(r.coordinator(), r.workers());
        } catch (SQLException e) {
            throw new IllegalStateException("reset failed: " + e.getMessage(), e);
        }
    }

    /**
     * Empties every user table (distributed, reference, Citus-local and local, in every user schema and
     * {@code public}) and restarts the sequences their columns own, like {@code TRUNCATE ... RESTART IDENTITY
     * CASCADE}; the schema stays. Every node deletes the rows of the shard placements it holds, all nodes in
     * parallel, with triggers and foreign-key checks off (as with {@code TRUNCATE}, no user trigger fires). When that
     * is not possible (a user that is not a superuser) it runs {@code TRUNCATE ... RESTART IDENTITY CASCADE}.
     */
    public void truncateTables() {
        ClusterRun r = started("truncateTables()");
        try {
            r.resets().truncateTables(r.coordinator(), r.workers());
        } catch (SQLException e) {
            throw new IllegalStateException("truncate failed: " + e.getMessage(), e);
        }
    }

    /** The server command every node runs (for tests of the settings). */
    List<String> serverCommand() {
        return config.serverCommand();
    }

    /** The reuse hash of these settings (for tests). */
    String settingsHash() {
        return config.settingsHash(baseImage.asCanonicalNameString(), getLabels().getOrDefault(INIT_SCRIPTS_LABEL, ""));
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
