package io.citustestkit.ha;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Args;
import io.citustestkit.internal.ClusterNetworks;
import io.citustestkit.internal.ImagePipeline;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.PatroniImages;
import io.citustestkit.internal.ShutdownCleanup;
import io.citustestkit.internal.TestcontainersVersion;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.testcontainers.containers.Network;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.utility.DockerImageName;

/**
 * A Citus cluster with high availability: every Citus group (the coordinator, group 0, and worker groups
 * 1..n) is a Patroni cluster of one primary and {@link #withReplicas(int) streaming replicas}, coordinated
 * through one etcd member. Patroni's own Citus support registers the nodes in {@code pg_dist_node} and keeps
 * it right across switchovers and failovers; this class only starts the containers, waits, and triggers
 * events. Use it to test what your application does when a primary goes away.
 *
 * <pre>{@code
 * try (PatroniCitusCluster cluster = new PatroniCitusCluster().withWorkerGroups(1).withReplicas(1)) {
 *     cluster.start();
 *     DataSource ds = dataSource(cluster.getJdbcUrl(), cluster.getUsername(), cluster.getPassword());
 *     // ... write through your application ...
 *     PatroniMember promoted = cluster.failover(1);   // kill worker group 1's primary
 *     // ... the same URL keeps working: check what your application saw ...
 * }
 * }</pre>
 *
 * <p>Configuration methods record values; nothing happens until {@link #start()}. The base image goes through
 * Testcontainers' substitution and pull policy; the Patroni image built on it runs as {@code localhost/...}. Every
 * container and the network (with Testcontainers' session labels) carry {@link CitusClusterContainer#CLUSTER_LABEL}
 * = {@link #getClusterId()}; {@link #stop()} removes them. See docs/ha.md for how it works and its limits.
 */
public class PatroniCitusCluster implements Startable {

    /** The base image used by {@link #PatroniCitusCluster()}: the same as {@link CitusClusterContainer#DEFAULT_IMAGE}. */
    public static final String DEFAULT_IMAGE = CitusClusterContainer.DEFAULT_IMAGE;

    /** Worker groups unless {@link #withWorkerGroups(int)} says otherwise. */
    public static final int DEFAULT_WORKER_GROUPS = 2;

    /** Streaming replicas per group unless {@link #withReplicas(int)} says otherwise. */
    public static final int DEFAULT_REPLICAS = 1;

    /** The most worker groups a cluster can have. */
    public static final int MAX_WORKER_GROUPS = 16;

    /** The most replicas per group. */
    public static final int MAX_REPLICAS = 4;

    /** Port PostgreSQL listens on inside every member. */
    public static final int POSTGRES_PORT = 5432;

    /** Label on every Patroni member container: its Citus group. */
    public static final String GROUP_LABEL = "io.citustestkit.group";

    private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final String CREDENTIAL = "test";

    private final RemoteDockerImage baseImage;
    private int workerGroups = DEFAULT_WORKER_GROUPS;
    private int replicas = DEFAULT_REPLICAS;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;

    // a started cluster; set once per start before anything runs, read by any thread
    private volatile String clusterId;
    private volatile Network network;
    private volatile PatroniNodes nodes;
    private volatile PatroniHealth health;
    private volatile PatroniEvents events;
    private volatile String jdbcUrl;

    /** A cluster on {@link #DEFAULT_IMAGE}. */
    public PatroniCitusCluster() {
        this(DEFAULT_IMAGE);
    }

    /**
     * A cluster on a {@code citusdata/citus} base image such as {@code "citusdata/citus:13.2.0"}; the Patroni image is
     * built on it on first use (Debian's patroni and etcd packages: the build needs a Debian mirror).
     */
    public PatroniCitusCluster(String baseImage) {
        this(DockerImageName.parse(Args.notBlank("baseImage", baseImage)));
    }

    /** A cluster on the given base image; see {@link #PatroniCitusCluster(String)}. */
    public PatroniCitusCluster(DockerImageName baseImage) {
        Args.notNull("baseImage", baseImage);
        TestcontainersVersion.requireSupported();
        this.baseImage = ImagePipeline.requested(baseImage, PatroniImages.CHOOSE_ANOTHER);
    }

    /** Number of worker groups, 1..16 (default 2). Each is a Patroni cluster of 1 + replicas members. */
    public PatroniCitusCluster withWorkerGroups(int workerGroups) {
        this.workerGroups = Args.inRange("workerGroups", workerGroups, 1, MAX_WORKER_GROUPS);
        return this;
    }

    /**
     * Streaming replicas (standbys) per group, coordinator group included, 0..4 (default 1). A group needs at
     * least one for {@link #switchover(int)} and {@link #failover(int)}.
     */
    public PatroniCitusCluster withReplicas(int replicas) {
        this.replicas = Args.inRange("replicas", replicas, 0, MAX_REPLICAS);
        return this;
    }

    /**
     * Not offered for Patroni clusters: refused at once, whatever the cluster's state. An upgrade of an HA cluster is a
     * rolling one (replicas first, a switchover, then the old primaries), which this method of the plain cluster does
     * not model; rehearse the Citus upgrade on a {@code CitusClusterContainer} ({@code upgradeTo}, docs/cluster.md
     * "Rehearsing an upgrade").
     */
    public PatroniCitusCluster upgradeTo(String image) {
        throw new UnsupportedOperationException("upgradeTo(" + image + ") on a PatroniCitusCluster: not supported; an"
                + " HA cluster upgrades replica by replica with switchovers, which upgradeTo() does not model. Allowed:"
                + " rehearse the Citus upgrade on a CitusClusterContainer with upgradeTo(image)"
                + " (docs/cluster.md \"Rehearsing an upgrade\")");
    }

    /** How long {@link #start()} may take once the image is there (default 180 s). */
    public PatroniCitusCluster withStartupTimeout(Duration timeout) {
        Args.notNull("startupTimeout", timeout);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout was " + timeout + "; allowed: a positive duration");
        }
        this.startupTimeout = timeout;
        return this;
    }

    /** Worker groups this cluster has (or will have). */
    public int getWorkerGroups() {
        return workerGroups;
    }

    /** Replicas per group this cluster has (or will have) at start. */
    public int getReplicas() {
        return replicas;
    }

    /**
     * Builds the image if needed, starts etcd and every member in parallel, and returns when
     * {@link #awaitHealthy()} holds. A failed start removes what it created and throws with the logs.
     */
    @Override
    public synchronized void start() {
        if (clusterId != null) {
            return;
        }
        RemoteDockerImage image = ImagePipeline.local(PatroniImages.resolve(baseImage).asCanonicalNameString());
        String id = UUID.randomUUID().toString().substring(0, 8);
        clusterId = id;
        ShutdownCleanup.register(CitusClusterContainer.CLUSTER_LABEL, id, this::stop);
        try {
            network = ClusterNetworks.create(CitusClusterContainer.CLUSTER_LABEL, id, false);
            PatroniNodes n = new PatroniNodes(image, network, id, workerGroups, replicas, CREDENTIAL, CREDENTIAL,
                    CREDENTIAL, startupTimeout);
            nodes = n;
            health = new PatroniHealth(n, id, workerGroups, this::createConnection);
            events = new PatroniEvents(n, health, id, replicas);
            jdbcUrl = n.start(startupTimeout);
            health.awaitHealthy(startupTimeout);
        } catch (RuntimeException e) {
            try {
                stop();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Stops and removes every container and the network of this cluster; nothing of it keeps running. */
    @Override
    public synchronized void stop() {
        PatroniNodes n = nodes;
        RuntimeException failure = n == null ? null : n.stop();
        Network net = network;
        if (net != null) {
            try {
                net.close();
            } catch (RuntimeException e) {
                failure = PatroniNodes.collect(failure, e);
            }
        }
        if (clusterId != null) {
            ShutdownCleanup.unregister(clusterId);
        }
        nodes = null;
        health = null;
        events = null;
        network = null;
        jdbcUrl = null;
        clusterId = null;
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the cluster (see {@link #stop()}). */
    @Override
    public void close() {
        stop();
    }

    /**
     * JDBC URL listing every member of the coordinator group over its mapped port, with
     * {@code targetServerType=primary}: it reaches the coordinator primary before and after a coordinator
     * switchover or failover. It leaves out a disconnected member, and a reconnected one has a new port: ask again.
     */
    public String getJdbcUrl() {
        return started().jdbcUrl();
    }

    /** The superuser the URLs connect as ({@code test}). */
    public String getUsername() {
        return CREDENTIAL;
    }

    /** Its password ({@code test}). */
    public String getPassword() {
        return CREDENTIAL;
    }

    /** The database Citus runs in ({@code test}). */
    public String getDatabaseName() {
        return CREDENTIAL;
    }

    /** A new connection through {@link #getJdbcUrl()}; the caller closes it. */
    public Connection createConnection() throws SQLException {
        return Jdbc.connect(getJdbcUrl(), CREDENTIAL, CREDENTIAL, 10);
    }

    /** This cluster's id: the value of the label {@link CitusClusterContainer#CLUSTER_LABEL} on all it created. */
    public String getClusterId() {
        started();
        return clusterId;
    }

    /** Every member of a group (0 = coordinator) in start order, failed-over ones included. */
    public List<PatroniMember> getMembers(int group) {
        return started().group(checkGroup(group));
    }

    /** The member Patroni holds as the primary (leader) of a group (0 = coordinator), right now. */
    public PatroniMember getPrimary(int group) {
        started();
        return events.primary(checkGroup(group));
    }

    /** The live members of a group that are not its primary (its streaming replicas), right now. */
    public List<PatroniMember> getReplicas(int group) {
        started();
        return events.replicas(checkGroup(group));
    }

    /**
     * A planned switchover in a group (0 = coordinator) with {@code patronictl switchover}: the primary hands over to
     * a replica. Returns the new primary once Patroni and the coordinator's {@code pg_dist_node} agree on it.
     */
    public synchronized PatroniMember switchover(int group) {
        started();
        return events.switchover(checkGroup(group));
    }

    /**
     * An unplanned failover in a group (0 = coordinator): kills the primary's container (SIGKILL, no
     * shutdown) and returns the promoted replica once Patroni holds it as primary, the coordinator's
     * {@code pg_dist_node} points at it and a distributed query through {@link #getJdbcUrl()} works.
     *
     * <p>The killed member stays down. Its etcd lease is revoked right after the kill instead of waiting for Patroni's
     * {@code ttl} (at least 20 s), as if it had run out. With {@code withReplicas(1)} a group can fail over once.
     */
    public synchronized PatroniMember failover(int group) {
        started();
        return events.failover(checkGroup(group));
    }

    /**
     * Waits (up to the startup timeout) until every group has one running primary and streaming replicas, the
     * coordinator's {@code pg_dist_node} names Patroni's leaders, and a distributed query through {@link #getJdbcUrl()}
     * reaches every worker group; else throws with the state seen and the logs of the members.
     */
    public void awaitHealthy() {
        started();
        health.awaitHealthy(startupTimeout);
    }

    private int checkGroup(int group) {
        return Args.inRange("group", group, 0, workerGroups);
    }

    private PatroniNodes started() {
        if (clusterId == null || jdbcUrl == null) {
            throw new IllegalStateException("the Patroni cluster is not started; call start() first");
        }
        return nodes;
    }
}
