package io.citustestkit;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.HealthCheck;
import io.citustestkit.internal.Args;
import io.citustestkit.internal.ClusterNetwork;
import io.citustestkit.internal.ClusterReset;
import io.citustestkit.internal.ClusterSql;
import io.citustestkit.internal.Images;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.NodeAddressing;
import io.citustestkit.internal.NodeContainer;
import io.citustestkit.internal.NodeReadyWait;
import io.citustestkit.internal.NodeStartFailure;
import io.citustestkit.internal.NodeStartupCheck;
import io.citustestkit.internal.PlainImageStart;
import io.citustestkit.internal.TunedImages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.utility.DockerImageName;

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
 * the coordinator.
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
    public static final int DEFAULT_WORKERS = 2;

    /** The most workers a cluster can have. */
    public static final int MAX_WORKERS = 32;

    /** Label on every container and network of a cluster: the cluster's id. */
    public static final String CLUSTER_LABEL = "io.citustestkit.cluster";

    /** Label on every node container: {@code coordinator} or {@code worker}. */
    public static final String ROLE_LABEL = "io.citustestkit.role";

    /** Label on every node container: its network alias. */
    public static final String NODE_LABEL = "io.citustestkit.node";

    private static final Logger LOG = LoggerFactory.getLogger(CitusClusterContainer.class);

    private static final DockerImageName CITUS_IMAGE = DockerImageName.parse("citusdata/citus");

    private static final DockerImageName TUNED_IMAGE = DockerImageName.parse("ghcr.io/citus-testkit/citus");

    private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);

    /** Settings every node gets unless overridden: a test database need not survive a power cut. */
    private static final Map<String, String> TEST_SETTINGS = Map.of(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");

    /**
     * No TLS inside a test cluster unless asked for: the nodes talk over their own Docker network and the test JVM over
     * a local port. Citus' default {@code citus.node_conninfo} ({@code sslmode=require}) makes {@code CREATE EXTENSION
     * citus} generate a certificate and turn {@code ssl} on at a node's first start, and every connection (node to node,
     * and the test's own) then pays a TLS handshake. Left out when either setting is given with
     * {@link #withConfigParameter(String, String)}.
     */
    private static final Map<String, String> NO_TLS_SETTINGS = Map.of(
            "ssl", "off",
            "citus.node_conninfo", "sslmode=prefer");

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DockerImageName baseImage;
    private final NodeAddressing addressing = NodeAddressing.networkAliases();

    // recorded configuration
    private int workerCount = DEFAULT_WORKERS;
    private Integer shardCount;
    private final Map<String, String> configParameters = new LinkedHashMap<>();
    private String databaseName = "test";
    private String username = "test";
    private String password = "test";
    private boolean tunedImage = true;
    private boolean reusable;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private final List<String> initScripts = new ArrayList<>();
    private final List<Consumer<OutputFrame>> logConsumers = new ArrayList<>();
    private Network userNetwork;

    // state of a started cluster
    private volatile DockerImageName runImage;
    /** The plain image starts with {@link PlainImageStart} (one server, no restart). */
    private volatile boolean plainImageStart;
    private volatile Network network;
    private volatile boolean ownsNetwork;
    private volatile String clusterId;
    private volatile boolean reused;
    private volatile boolean startInProgress;
    private volatile CitusNode coordinatorNode;
    private final List<CitusNode> workers = new CopyOnWriteArrayList<>();
    private int nextWorkerOrdinal = 1;
    private volatile InspectContainerResponse refreshedInfo;

    /** reset() and truncateTables() on the kit's own sessions, kept between calls until the cluster stops. */
    private final ClusterReset resets = new ClusterReset(this::getClusterId);

    /** A cluster on {@link #DEFAULT_IMAGE}. */
    public CitusClusterContainer() {
        this(DockerImageName.parse(DEFAULT_IMAGE));
    }

    /**
     * A cluster on the given {@code citusdata/citus} image, such as {@code "citusdata/citus:13.2.0"}.
     * Another name (a mirror, your own build) must be declared compatible:
     * {@code DockerImageName.parse("registry.example.com/citus:13.2.0").asCompatibleSubstituteFor("citusdata/citus")}.
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
        // the coordinator's real wait is made in configure(), like every worker's, once the image is known
        waitingFor(new NodeReadyWait(addressing.networkAliasOfCoordinator(), this::getDatabaseName,
                this::getUsername, this::getPassword));
        super.withStartupTimeout(DEFAULT_STARTUP_TIMEOUT);
    }

    // ---------------------------------------------------------------------------------------------
    // configuration
    // ---------------------------------------------------------------------------------------------

    /**
     * Number of workers, 0..32 (default 2). With 0 the coordinator holds the shards itself
     * ({@code shouldhaveshards}), and keeps holding some after {@link #addWorker()} and {@link #rebalance()}.
     */
    public CitusClusterContainer withWorkers(int workers) {
        this.workerCount = Args.inRange("workers", workers, 0, MAX_WORKERS);
        return self();
    }

    /** Sets {@code citus.shard_count} (shards per new distributed table) on every node; 1 or more. */
    public CitusClusterContainer withShardCount(int shardCount) {
        this.shardCount = Args.inRange("shardCount", shardCount, 1, 64000);
        return self();
    }

    /** A PostgreSQL or Citus setting for every node, given at server start ({@code -c name=value}). */
    public CitusClusterContainer withConfigParameter(String name, String value) {
        Args.configName(name);
        configParameters.put(name, Args.configValue(name, value));
        return self();
    }

    @Override
    public CitusClusterContainer withDatabaseName(String databaseName) {
        this.databaseName = Args.identifier("databaseName", databaseName);
        return self();
    }

    @Override
    public CitusClusterContainer withUsername(String username) {
        this.username = Args.identifier("username", username);
        return self();
    }

    @Override
    public CitusClusterContainer withPassword(String password) {
        Args.notNull("password", password);
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password was empty; allowed: a non-empty string");
        }
        this.password = password;
        return self();
    }

    /**
     * Runs the derived, test-tuned image built from the chosen base image (true, the default), or the
     * base image unchanged (false). The base image's first start is then driven by the kit with the image's own
     * entrypoint functions and one server instead of a temporary one and a restart (see docs/cluster.md); an image
     * with an entrypoint other than the official {@code docker-entrypoint.sh} starts its own way.
     */
    public CitusClusterContainer withTunedImage(boolean tuned) {
        this.tunedImage = tuned;
        return self();
    }

    /** SQL script (classpath resource) run on the coordinator after all nodes are registered. */
    @Override
    public CitusClusterContainer withInitScript(String initScriptPath) {
        requireClasspathResource(initScriptPath);
        initScripts.clear();
        initScripts.add(initScriptPath);
        return super.withInitScript(initScriptPath);
    }

    /** SQL scripts run in order on the coordinator after all nodes are registered. */
    @Override
    public CitusClusterContainer withInitScripts(Iterable<String> initScriptPaths) {
        Args.notNull("initScripts", initScriptPaths);
        List<String> paths = new ArrayList<>();
        for (String path : initScriptPaths) {
            paths.add(requireClasspathResource(path));
        }
        initScripts.clear();
        initScripts.addAll(paths);
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
        this.userNetwork = Args.notNull("network", network);
        return super.withNetwork(network);
    }

    /**
     * Reuses the whole cluster, workers included, in a later JVM when the settings are equal (needs
     * {@code testcontainers.reuse.enable=true}, see Testcontainers' docs). A reused cluster is not stopped
     * for you: do not call {@link #stop()} when you want to keep it. Init scripts run only when the cluster is
     * created, not when it is reused.
     */
    @Override
    public CitusClusterContainer withReuse(boolean reusable) {
        this.reusable = reusable;
        return super.withReuse(reusable);
    }

    /** Time each node may take to start and the cluster to become healthy (default 120 s). */
    @Override
    public CitusClusterContainer withStartupTimeout(Duration startupTimeout) {
        Args.notNull("startupTimeout", startupTimeout);
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout was " + startupTimeout + "; allowed: a positive duration");
        }
        this.startupTimeout = startupTimeout;
        return super.withStartupTimeout(startupTimeout);
    }

    @Override
    public CitusClusterContainer withStartupTimeoutSeconds(int startupTimeoutSeconds) {
        return withStartupTimeout(Duration.ofSeconds(Args.positive("startupTimeoutSeconds", startupTimeoutSeconds)));
    }

    /** Follows the output of every node (coordinator and workers). */
    @Override
    public CitusClusterContainer withLogConsumer(Consumer<OutputFrame> consumer) {
        logConsumers.add(Args.notNull("logConsumer", consumer));
        return super.withLogConsumer(consumer);
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
        return NodeReadyWait.jdbcUrl(getHost(), getMappedPort(POSTGRES_PORT), databaseName)
                + constructUrlParameters("?", "&");
    }

    @Override
    public String getDatabaseName() {
        return databaseName;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    protected String getTestQueryString() {
        return "SELECT 1";
    }

    /** Init scripts are loaded from the classpath (as Testcontainers does): a missing one fails here, not after start. */
    private static String requireClasspathResource(String path) {
        Args.notBlank("initScript", path);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if ((context == null || context.getResource(path) == null)
                && CitusClusterContainer.class.getClassLoader().getResource(path) == null) {
            throw new IllegalArgumentException("initScript was \"" + path + "\"; allowed: a classpath resource that"
                    + " exists, such as \"schema.sql\" in src/test/resources");
        }
        return path;
    }

    /** Number of workers the cluster is configured with (or has, once started). */
    public int getWorkerCount() {
        return isStarted() ? workers.size() : workerCount;
    }

    /** The image the cluster was asked for (before tuning). */
    public DockerImageName getBaseImage() {
        return baseImage;
    }

    /** Whether the nodes run the tuned image derived from the base image. */
    public boolean isTunedImage() {
        return tunedImage;
    }

    /** The id in the {@value #CLUSTER_LABEL} label of every node, once started. */
    public String getClusterId() {
        return clusterId;
    }

    /** The network the nodes are on, once started. */
    @Override
    public Network getNetwork() {
        return network != null ? network : super.getNetwork();
    }

    // ---------------------------------------------------------------------------------------------
    // lifecycle
    // ---------------------------------------------------------------------------------------------

    @Override
    protected void configure() {
        configureNode(this, addressing.networkAliasOfCoordinator(), CitusNode.Role.COORDINATOR);
        setNetworkAliases(new ArrayList<>(List.of(addressing.networkAliasOfCoordinator())));
        if (getWaitStrategy() instanceof NodeReadyWait) {
            // the kit's own wait (a wait strategy given with waitingFor(...) stays the user's)
            setWaitStrategy(readyWait(addressing.networkAliasOfCoordinator()));
        }
    }

    @Override
    protected void waitUntilContainerStarted() {
        getWaitStrategy().waitUntilReady(this);
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo, boolean reused) {
        this.reused = reused;
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo) {
        // init scripts run after registration, see start()
    }

    @Override
    protected void runInitScriptIfRequired() {
        // init scripts run after registration, see start()
    }

    /** The host port of a container port; the IPv4 binding when Docker maps IPv6 to another port. */
    @Override
    public Integer getMappedPort(int originalPort) {
        if (getContainerId() != null) {
            java.util.Optional<Integer> ipv4 = io.citustestkit.internal.MappedPorts.ipv4(getContainerInfo(), originalPort);
            if (ipv4.isPresent()) {
                return ipv4.get();
            }
        }
        return super.getMappedPort(originalPort);
    }

    @Override
    public InspectContainerResponse getContainerInfo() {
        InspectContainerResponse info = refreshedInfo;
        return info != null ? info : super.getContainerInfo();
    }

    /**
     * Starts the coordinator and every worker in parallel, registers them, and returns when the coordinator
     * sees every worker active, every node reaches every other node, and a distributed table can be created.
     * Then runs the init scripts. On failure everything started so far is removed and a
     * {@link CitusNodeStartupException} names the node, its image and its last log lines.
     */
    @Override
    public void start() {
        if (getContainerId() != null) {
            return;
        }
        long started = System.nanoTime();
        InspectImageResponse base = Images.ensureAvailable(baseImage, "Choose another with new"
                + " CitusClusterContainer(\"citusdata/citus:<tag>\") or, under @CitusCluster, the system property"
                + " citustestkit.image.");
        runImage = tunedImage ? TunedImages.resolve(baseImage) : baseImage;
        plainImageStart = !tunedImage && PlainImageStart.supports(base);
        setDockerImageName(runImage.asCanonicalNameString());
        clusterId = reusable ? "reuse-" + settingsHash() : UUID.randomUUID().toString().substring(0, 12);
        prepareNetwork();

        List<NodeContainer> workerContainers = new ArrayList<>();
        List<String> workerAliases = new ArrayList<>();
        nextWorkerOrdinal = 1;
        for (int i = 0; i < workerCount; i++) {
            String alias = addressing.networkAliasOfWorker(nextWorkerOrdinal++);
            workerAliases.add(alias);
            workerContainers.add(newWorkerContainer(alias, reusable));
        }

        ExecutorService pool = workerContainers.isEmpty() ? null
                : Executors.newFixedThreadPool(Math.min(workerContainers.size(), 8), r -> {
                    Thread t = new Thread(r, "citustestkit-start-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        List<Future<?>> futures = new ArrayList<>();
        startInProgress = true;
        try {
            for (NodeContainer w : workerContainers) {
                // each worker stores its credentials as soon as it is up, while the others still start
                futures.add(pool.submit(w::start));
            }
            try {
                super.start();
            } catch (RuntimeException e) {
                throw nodeFailure(addressing.networkAliasOfCoordinator(), e);
            }
            LOG.debug("cluster {}: coordinator up after {} ms", clusterId, millisSince(started));
            coordinatorNode = new CitusNode(this, CitusNode.Role.COORDINATOR, addressing.networkAliasOfCoordinator(),
                    this, this::refreshContainerInfo);
            // one session for registration and the health check: Citus keeps the node-to-node connections that
            // citus_add_node opened for the rest of the session, and the health check reuses them. Each worker is
            // registered as soon as it is up, while the others may still start.
            try (Connection c = createCoordinatorConnection()) {
                register(c, true, List.of());
                for (int i = 0; i < futures.size(); i++) {
                    awaitWorker(workerAliases.get(i), futures.get(i));
                    NodeContainer w = workerContainers.get(i);
                    CitusNode node = new CitusNode(this, CitusNode.Role.WORKER, workerAliases.get(i), w,
                            w::refreshContainerInfo);
                    register(c, false, List.of(node));
                    workers.add(node);
                }
                LOG.debug("cluster {}: workers up and registered after {} ms", clusterId, millisSince(started));
                awaitClusterHealthy(c);
            } catch (SQLException e) {
                throw new ContainerLaunchException("could not connect to the coordinator of Citus cluster " + clusterId
                        + ": " + e.getMessage(), e);
            }
            LOG.debug("cluster {}: healthy after {} ms", clusterId, millisSince(started));
            if (!reused) {
                super.runInitScriptIfRequired();
            }
            LOG.info("Citus cluster {} ({} + {} workers, image {}) ready in {} ms{}", clusterId,
                    addressing.networkAliasOfCoordinator(), workers.size(), runImage.asCanonicalNameString(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), reused ? " (reused)" : "");
        } catch (RuntimeException | Error e) {
            for (Future<?> f : futures) {
                try {
                    f.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception ignored) {
                    // its failure is reported through the first exception or irrelevant now
                }
            }
            startInProgress = false;
            for (NodeContainer w : workerContainers) {
                stopQuietly(w);
            }
            stopEverything();
            throw e;
        } finally {
            startInProgress = false;
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Stops and removes every node, and the network the cluster made. Safe to call more than once. */
    @Override
    public void stop() {
        if (startInProgress) {
            // Testcontainers calls stop() on a container whose start failed; the rest is cleaned up by start()
            super.stop();
            return;
        }
        stopEverything();
    }

    private synchronized void stopEverything() {
        resets.close();
        List<CitusNode> toStop = new ArrayList<>(workers);
        workers.clear();
        if (!toStop.isEmpty()) {
            toStop.parallelStream().forEach(n -> {
                n.markRemoved();
                stopQuietly(n.getContainer());
            });
        }
        if (coordinatorNode != null) {
            coordinatorNode.markRemoved();
            coordinatorNode = null;
        }
        refreshedInfo = null;
        try {
            super.stop();
        } finally {
            if (ownsNetwork && network != null) {
                try {
                    network.close();
                } catch (RuntimeException e) {
                    LOG.warn("Could not remove network of cluster {}: {}", clusterId, e.getMessage());
                }
            }
            network = null;
            ownsNetwork = false;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // a started cluster
    // ---------------------------------------------------------------------------------------------

    /** The coordinator node (this container). */
    public CitusNode getCoordinator() {
        requireStarted("getCoordinator()");
        return coordinatorNode;
    }

    /** Every worker, in the order they were added (index 0 first). */
    public List<CitusNode> getWorkers() {
        requireStarted("getWorkers()");
        return Collections.unmodifiableList(new ArrayList<>(workers));
    }

    /** The worker at a 0-based index. */
    public CitusNode getWorker(int index) {
        requireStarted("getWorker(int)");
        List<CitusNode> current = new ArrayList<>(workers);
        if (index < 0 || index >= current.size()) {
            throw new IndexOutOfBoundsException("worker index was " + index + "; allowed: "
                    + (current.isEmpty() ? "none (this cluster has no workers)"
                            : "0.." + (current.size() - 1) + " (this cluster has " + current.size() + " workers)"));
        }
        return current.get(index);
    }

    /** Starts one more worker, registers it, and returns it once the coordinator sees it active. */
    public synchronized CitusNode addWorker() {
        requireStarted("addWorker()");
        if (workers.size() >= MAX_WORKERS) {
            throw new IllegalStateException("addWorker(): the cluster has " + workers.size()
                    + " workers; allowed: at most " + MAX_WORKERS);
        }
        String alias = addressing.networkAliasOfWorker(nextWorkerOrdinal++);
        NodeContainer container = newWorkerContainer(alias, false);
        try {
            container.start();
        } catch (RuntimeException e) {
            stopQuietly(container);
            throw nodeFailure(alias, e);
        }
        CitusNode node = new CitusNode(this, CitusNode.Role.WORKER, alias, container, container::refreshContainerInfo);
        try {
            try (Connection c = createCoordinatorConnection()) {
                register(c, false, List.of(node));
            } catch (SQLException e) {
                throw new ContainerLaunchException("could not register " + alias + ": " + e.getMessage(), e);
            }
            workers.add(node);
            awaitClusterHealthy();
        } catch (RuntimeException e) {
            workers.remove(node);
            stopQuietly(container);
            throw e;
        }
        return node;
    }

    /**
     * Moves every shard off a worker ({@code citus_drain_node}), removes it from the metadata, and stops and
     * removes its container.
     */
    public synchronized void removeWorker(CitusNode worker) {
        requireStarted("removeWorker(CitusNode)");
        Args.notNull("worker", worker);
        if (worker.getRole() != CitusNode.Role.WORKER || !workers.contains(worker)) {
            throw new IllegalArgumentException("worker was " + worker + "; allowed: one of this cluster's workers "
                    + workers.stream().map(CitusNode::getNetworkAlias).collect(Collectors.toList()));
        }
        String host = worker.getRegisteredHost();
        int port = worker.getRegisteredPort();
        try (Connection c = createCoordinatorConnection()) {
            Jdbc.execute(c, ClusterSql.DRAIN_NODE, host, port);
            Jdbc.execute(c, ClusterSql.REMOVE_NODE, host, port);
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove " + worker.getNetworkAlias() + ": " + e.getMessage(), e);
        }
        workers.remove(worker);
        resets.forget(worker);
        worker.markRemoved();
        stopQuietly(worker.getContainer());
    }

    /**
     * Starts Citus' background rebalancer ({@code citus_rebalance_start}) and returns when it is done, so
     * shards are spread over every worker, including ones added with {@link #addWorker()}.
     */
    public void rebalance() {
        requireStarted("rebalance()");
        try (Connection c = createCoordinatorConnection()) {
            Jdbc.execute(c, ClusterSql.REBALANCE_START);
            Jdbc.execute(c, ClusterSql.REBALANCE_WAIT);
        } catch (SQLException e) {
            throw new IllegalStateException("rebalance failed: " + e.getMessage(), e);
        }
    }

    /**
     * Drops what tests created: user schemas with everything in them, and the tables (distributed, reference,
     * Citus-local and local), views, sequences, types and routines in {@code public}, on every node: each worker
     * drops the shards it holds, all in parallel, then the coordinator drops the tables in one transaction.
     * Registration and settings stay; the cluster is usable at once. When a worker is down nothing is dropped and
     * this fails with an {@link IllegalStateException} naming the cause.
     */
    public void reset() {
        requireStarted("reset()");
        try {
            resets.drop(coordinatorNode, List.copyOf(workers));
        } catch (SQLException e) {
            throw new IllegalStateException("reset failed: " + e.getMessage(), e);
        }
    }

    /**
     * Empties every user table (distributed, reference, Citus-local and local, in every user schema and
     * {@code public}) and restarts the sequences their columns own, like {@code TRUNCATE ... RESTART IDENTITY
     * CASCADE}; the schema stays. Every node deletes the rows of the shard placements it holds, all nodes in
     * parallel, with triggers and foreign-key checks off (as with {@code TRUNCATE}, no user trigger fires); on
     * Citus that is several times faster than a {@code TRUNCATE} for the small tables tests use. When that is not
     * possible (a user that is not a superuser) it runs {@code TRUNCATE ... RESTART IDENTITY CASCADE}.
     */
    public void truncateTables() {
        requireStarted("truncateTables()");
        try {
            resets.truncateTables(coordinatorNode, List.copyOf(workers));
        } catch (SQLException e) {
            throw new IllegalStateException("truncate failed: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // internals shared with CitusNode
    // ---------------------------------------------------------------------------------------------

    NodeAddressing addressing() {
        return addressing;
    }

    Duration startupTimeout() {
        return startupTimeout;
    }

    void refreshContainerInfo() {
        refreshedInfo = getCurrentContainerInfo();
    }

    /**
     * Waits until the coordinator sees every registered worker active and every pair of running nodes can
     * connect ({@code citus_check_cluster_node_health()}).
     */
    void awaitClusterHealthy() {
        try (Connection c = createCoordinatorConnection()) {
            awaitClusterHealthy(c);
        } catch (SQLException e) {
            throw new ContainerLaunchException("could not connect to the coordinator of Citus cluster " + clusterId
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits on the given coordinator session until every worker is active and every running node reaches every
     * other one ({@code citus_check_cluster_node_health()}).
     */
    private void awaitClusterHealthy(Connection c) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String lastState = "not checked";
        while (true) {
            try {
                long active = ((Number) Jdbc.single(c, ClusterSql.ACTIVE_WORKER_COUNT)).longValue();
                Set<String> running = new java.util.HashSet<>();
                running.add(addressing.registeredHost(addressing.networkAliasOfCoordinator()));
                for (CitusNode w : workers) {
                    if (w.isRunning()) {
                        running.add(w.getRegisteredHost());
                    }
                }
                List<String> unhealthy = new ArrayList<>();
                for (List<Object> row : Jdbc.query(c, ClusterSql.NODE_HEALTH)) {
                    String from = String.valueOf(row.get(0));
                    String to = String.valueOf(row.get(1));
                    if (running.contains(from) && running.contains(to) && !Boolean.TRUE.equals(row.get(2))) {
                        unhealthy.add(from + "->" + to);
                    }
                }
                if (active == workers.size() && unhealthy.isEmpty()) {
                    return;
                }
                lastState = active + " of " + workers.size() + " workers active"
                        + (unhealthy.isEmpty() ? "" : ", unreachable: " + unhealthy);
            } catch (SQLException e) {
                lastState = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new ContainerLaunchException("Citus cluster " + clusterId + " did not become healthy within "
                        + startupTimeout.toSeconds() + " s: " + lastState);
            }
            sleepQuietly(50);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // private
    // ---------------------------------------------------------------------------------------------

    private boolean isStarted() {
        return coordinatorNode != null;
    }

    private void requireStarted(String method) {
        if (!isStarted()) {
            throw new IllegalStateException(method + " needs a started cluster; call start() first"
                    + " (or let @Container / @CitusCluster start it)");
        }
    }

    private Connection createCoordinatorConnection() throws SQLException {
        return Jdbc.connect(NodeReadyWait.jdbcUrl(getHost(), getMappedPort(POSTGRES_PORT), databaseName),
                username, password, 10);
    }

    private void configureNode(GenericContainer<?> node, String alias, CitusNode.Role role) {
        node.addEnv("POSTGRES_DB", databaseName);
        node.addEnv("POSTGRES_USER", username);
        node.addEnv("POSTGRES_PASSWORD", password);
        if (!tunedImage) {
            // a test database need not be flushed to disk at initdb either (the official entrypoint passes this
            // on). Not on the tuned image: any POSTGRES_INITDB_ARGS there means "not the baked settings".
            node.addEnv("POSTGRES_INITDB_ARGS", "--no-sync");
        } else if (usesBakedDirectory()) {
            // the data directory made at image build time, used where it is: no initdb, no copy at start
            node.addEnv("PGDATA", TunedImages.BAKED_DATA_DIRECTORY);
            // the directory belongs to postgres already: the entrypoint need not start as root and switch users
            node.withCreateContainerCmdModifier(cmd -> cmd.withUser("postgres"));
        }
        if (plainImageStart) {
            PlainImageStart.apply(node);
        }
        // no Docker healthcheck: the kit checks readiness and cluster health itself, and the images' checks (the
        // tuned image's every 2 s, the official image's every 4 s) are a process started in every node the whole
        // time the cluster runs, about 0.06 s of CPU per second per node
        node.withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new HealthCheck().withTest(List.of("NONE"))));
        node.addEnv("CITUS_ROLE", role == CitusNode.Role.COORDINATOR ? "coordinator" : "worker");
        node.addEnv("CITUS_PROFILE", "test");
        node.withLabel(CLUSTER_LABEL, clusterId);
        node.withLabel(ROLE_LABEL, role.name().toLowerCase(java.util.Locale.ROOT));
        node.withLabel(NODE_LABEL, alias);
        node.setCommand(serverCommand().toArray(new String[0]));
        node.withStartupCheckStrategy(new NodeStartupCheck());
    }

    /** True when the nodes use the tuned image's baked data directory in place (see {@link TunedImages}). */
    private boolean usesBakedDirectory() {
        return tunedImage && TunedImages.canUseBakedDirectory(databaseName, username, password);
    }

    /**
     * The wait of one node. It connects once the node accepts connections (with {@link PlainImageStart}: once the
     * node says its database and extension exist) and runs what a node's first connection does, before anyone
     * registers it. The plain image:
     * store the password Citus uses for its node-to-node connections in {@code pg_dist_authinfo} (every node opens
     * connections of its own: health checks, shard moves, metadata sync). The tuned image needs none (its server
     * has a password file with the cluster's credentials); on the baked directory the node gets its own Citus server
     * id (the image does the same right after its server starts; whichever runs first wins).
     */
    private NodeReadyWait readyWait(String alias) {
        NodeReadyWait wait = new NodeReadyWait(alias, this::getDatabaseName, this::getUsername, this::getPassword);
        wait.withStartupTimeout(startupTimeout);
        if (plainImageStart) {
            wait.withReadyLogLine(PlainImageStart.READY_LINE);
        }
        if (!tunedImage) {
            return wait.withReadyStatement(ClusterSql.STORE_AUTHINFO, username, ClusterSql.passwordConninfo(password),
                    username);
        }
        return wait.withReadyStatement(usesBakedDirectory() ? ClusterSql.NEW_SERVER_ID : "SELECT 1");
    }

    /** The server command every node runs: {@code postgres -c name=value ...}. */
    List<String> serverCommand() {
        Map<String, String> settings = new LinkedHashMap<>(new java.util.TreeMap<>(TEST_SETTINGS));
        if (NO_TLS_SETTINGS.keySet().stream().noneMatch(configParameters::containsKey)) {
            settings.putAll(new java.util.TreeMap<>(NO_TLS_SETTINGS));
        }
        if (shardCount != null) {
            settings.put("citus.shard_count", Integer.toString(shardCount));
        }
        settings.putAll(configParameters);
        List<String> command = new ArrayList<>();
        command.add("postgres");
        settings.forEach((k, v) -> {
            command.add("-c");
            command.add(k + "=" + v);
        });
        return command;
    }

    private NodeContainer newWorkerContainer(String alias, boolean reuse) {
        NodeContainer w = new NodeContainer(runImage);
        configureNode(w, alias, CitusNode.Role.WORKER);
        w.withNetwork(network);
        w.withNetworkAliases(alias);
        w.withExposedPorts(POSTGRES_PORT);
        w.withReuse(reuse);
        w.waitingFor(readyWait(alias));
        for (Consumer<OutputFrame> consumer : logConsumers) {
            w.withLogConsumer(consumer);
        }
        return w;
    }

    private void prepareNetwork() {
        if (userNetwork != null) {
            network = userNetwork;
            ownsNetwork = false;
        } else if (reusable) {
            network = new ClusterNetwork("citustestkit-" + clusterId, Map.of(CLUSTER_LABEL, clusterId));
            ownsNetwork = true;
        } else {
            network = Network.builder()
                    .createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of(CLUSTER_LABEL, clusterId)))
                    .build();
            ownsNetwork = true;
        }
        super.withNetwork(network);
    }

    /** Registers the coordinator (when asked) and the given workers on the coordinator. */
    private void register(Connection c, boolean coordinatorToo, List<CitusNode> newWorkers) {
        try {
            if (coordinatorToo) {
                String alias = addressing.networkAliasOfCoordinator();
                Jdbc.execute(c, ClusterSql.SET_COORDINATOR_HOST, addressing.registeredHost(alias),
                        addressing.registeredPort(alias));
                if (workerCount == 0) {
                    // single-node Citus: without workers the coordinator must hold the shards
                    Jdbc.execute(c, ClusterSql.COORDINATOR_HOLDS_SHARDS, addressing.registeredHost(alias),
                            addressing.registeredPort(alias));
                }
            }
            for (CitusNode w : newWorkers) {
                Jdbc.execute(c, ClusterSql.ADD_NODE, w.getRegisteredHost(), w.getRegisteredPort());
            }
        } catch (SQLException e) {
            throw new ContainerLaunchException("could not register the nodes on the coordinator: " + e.getMessage(), e);
        }
    }

    private void awaitWorker(String alias, Future<?> future) {
        try {
            future.get(startupTimeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw nodeFailure(alias, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while starting " + alias, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw nodeFailure(alias, e);
        }
    }

    private CitusNodeStartupException nodeFailure(String alias, Throwable failure) {
        if (failure instanceof CitusNodeStartupException) {
            return (CitusNodeStartupException) failure;
        }
        String image = runImage == null ? baseImage.asCanonicalNameString() : runImage.asCanonicalNameString();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NodeStartFailure) {
                NodeStartFailure f = (NodeStartFailure) t;
                return new CitusNodeStartupException(alias, image, f.getMessage(), f.logTail(), failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new CitusNodeStartupException(alias, image,
                failure.getMessage() + (root != failure ? " (cause: " + root + ")" : ""), null, failure);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove container {}: {}", container.getContainerId(), e.getMessage());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }

    /** A stable hash of everything that makes two clusters equal, for reuse. */
    String settingsHash() {
        StringBuilder s = new StringBuilder();
        s.append(baseImage.asCanonicalNameString()).append('|').append(tunedImage).append('|').append(workerCount)
                .append('|').append(databaseName).append('|').append(username).append('|').append(password)
                .append('|').append(serverCommand()).append('|').append(initScripts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
