package io.citustestkit.ha;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Args;
import io.citustestkit.internal.ClusterNetwork;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.LogTail;
import io.citustestkit.internal.PatroniImages;
import io.citustestkit.internal.PatroniTopology;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
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
 * <p>Configuration methods record values; nothing happens until {@link #start()}. etcd and Patroni's REST
 * API stay on the cluster's own network; the test JVM reaches PostgreSQL through mapped ports
 * ({@link #getJdbcUrl()}, {@link PatroniMember#getJdbcUrl()}). Every container and the network carry the
 * label {@link CitusClusterContainer#CLUSTER_LABEL} with {@link #getClusterId()}; {@link #stop()} removes them.
 * See docs/ha.md for how it works, what it costs and its limits.
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

    /** Patroni scope (cluster name) shared by all groups, and etcd's key prefix. */
    static final String SCOPE = "citus";
    static final String NAMESPACE = "/service";
    static final String ETCD_ALIAS = "etcd";
    static final String PATRONI_CONFIG = "/etc/patroni/patroni.yml";

    private static final Logger LOG = LoggerFactory.getLogger(PatroniCitusCluster.class);
    private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(120);
    private static final long POLL_MILLIS = 250;

    private final DockerImageName baseImage;

    // recorded configuration
    private int workerGroups = DEFAULT_WORKER_GROUPS;
    private int replicas = DEFAULT_REPLICAS;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private final String databaseName = "test";
    private final String username = "test";
    private final String password = "test";

    // state of a started cluster
    private volatile String clusterId;
    private volatile ClusterNetwork network;
    private volatile GenericContainer<?> etcd;
    private final Map<Integer, List<PatroniMember>> members = new LinkedHashMap<>();
    private final Set<PatroniMember> killed = ConcurrentHashMap.newKeySet();
    private volatile String jdbcUrl;

    /** A cluster on {@link #DEFAULT_IMAGE}. */
    public PatroniCitusCluster() {
        this(DEFAULT_IMAGE);
    }

    /**
     * A cluster on the given {@code citusdata/citus} base image, such as {@code "citusdata/citus:13.2.0"}.
     * The Patroni variant of the image is built on top of it on first use (Debian's patroni and etcd
     * packages, so the Docker build needs a Debian mirror) and reused afterwards.
     */
    public PatroniCitusCluster(String baseImage) {
        this.baseImage = DockerImageName.parse(Args.notBlank("baseImage", baseImage));
    }

    // ---------------------------------------------------------------------------------------------
    // configuration
    // ---------------------------------------------------------------------------------------------

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

    // ---------------------------------------------------------------------------------------------
    // lifecycle
    // ---------------------------------------------------------------------------------------------

    /**
     * Builds the image if needed, starts etcd and every member in parallel, and returns when
     * {@link #awaitHealthy()} holds. A failed start removes what it created and throws with the logs.
     */
    @Override
    public synchronized void start() {
        if (clusterId != null) {
            return;
        }
        DockerImageName image = PatroniImages.resolve(baseImage);
        String id = UUID.randomUUID().toString().substring(0, 8);
        clusterId = id;
        try {
            network = new ClusterNetwork("citustestkit-ha-" + id, Map.of(CitusClusterContainer.CLUSTER_LABEL, id));
            network.getId();
            etcd = new GenericContainer<>(image)
                    .withCommand("etcd")
                    .withNetwork(network)
                    .withNetworkAliases(ETCD_ALIAS)
                    .withEnv("ETCD_NAME", ETCD_ALIAS)
                    .withLabels(labels(id, "etcd", ETCD_ALIAS, null))
                    .waitingFor(Wait.forLogMessage(".*ready to serve client requests.*", 1)
                            .withStartupTimeout(startupTimeout));
            etcd.start();

            List<GenericContainer<?>> containers = new ArrayList<>();
            for (int group = 0; group <= workerGroups; group++) {
                List<PatroniMember> list = new ArrayList<>();
                for (int i = 1; i <= replicas + 1; i++) {
                    String name = group == 0 ? "coordinator-" + i : "worker" + group + "-" + i;
                    GenericContainer<?> c = new GenericContainer<>(image)
                            .withCommand("patroni")
                            .withNetwork(network)
                            .withNetworkAliases(name)
                            .withExposedPorts(POSTGRES_PORT)
                            .withEnv("PATRONI_NAME", name)
                            .withEnv("PATRONI_SCOPE", SCOPE)
                            .withEnv("PATRONI_CITUS_GROUP", Integer.toString(group))
                            .withEnv("PATRONI_CITUS_DATABASE", databaseName)
                            .withEnv("PATRONI_ETCD3_HOSTS", ETCD_ALIAS + ":2379")
                            .withEnv("POSTGRES_DB", databaseName)
                            .withEnv("POSTGRES_USER", username)
                            .withEnv("POSTGRES_PASSWORD", password)
                            .withEnv("CITUS_PROFILE", "test")
                            .withLabels(labels(id, group == 0 ? "coordinator" : "worker", name, group))
                            .waitingFor(new ContainerRunning());
                    containers.add(c);
                    list.add(new PatroniMember(name, group, c, databaseName, username, password));
                }
                members.put(group, Collections.unmodifiableList(list));
            }
            startAll(containers);
            jdbcUrl = members.get(0).stream()
                    .map(m -> m.getContainer().getHost() + ":" + m.getContainer().getMappedPort(POSTGRES_PORT))
                    .collect(Collectors.joining(",", "jdbc:postgresql://", "/" + databaseName + "?targetServerType=primary"));
            awaitHealthy(startupTimeout);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Stops and removes every container and the network of this cluster; nothing of it keeps running. */
    @Override
    public synchronized void stop() {
        List<GenericContainer<?>> all = new ArrayList<>();
        members.values().forEach(list -> list.forEach(m -> all.add(m.getContainer())));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, all.size())));
        try {
            List<Future<?>> stops = new ArrayList<>();
            for (GenericContainer<?> c : all) {
                stops.add(pool.submit(c::stop));
            }
            for (Future<?> f : stops) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    LOG.warn("Could not stop a member of Patroni cluster {}: {}", clusterId, e.getCause().toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (etcd != null) {
            etcd.stop();
            etcd = null;
        }
        if (network != null) {
            network.close();
            network = null;
        }
        members.clear();
        killed.clear();
        jdbcUrl = null;
        clusterId = null;
    }

    // ---------------------------------------------------------------------------------------------
    // after start
    // ---------------------------------------------------------------------------------------------

    /**
     * JDBC URL listing every member of the coordinator group over its mapped port, with
     * {@code targetServerType=primary}: it reaches the coordinator primary before and after a coordinator
     * switchover or failover. The URL does not change while the cluster runs.
     */
    public String getJdbcUrl() {
        requireStarted();
        return jdbcUrl;
    }

    /** The superuser the URLs connect as ({@code test}). */
    public String getUsername() {
        return username;
    }

    /** Its password ({@code test}). */
    public String getPassword() {
        return password;
    }

    /** The database Citus runs in ({@code test}). */
    public String getDatabaseName() {
        return databaseName;
    }

    /** A new connection through {@link #getJdbcUrl()}; the caller closes it. */
    public Connection createConnection() throws SQLException {
        return Jdbc.connect(getJdbcUrl(), username, password, 10);
    }

    /** This cluster's id: the value of the label {@link CitusClusterContainer#CLUSTER_LABEL} on all it created. */
    public String getClusterId() {
        requireStarted();
        return clusterId;
    }

    /** Every member of a group (0 = coordinator) in start order, failed-over ones included. */
    public List<PatroniMember> getMembers(int group) {
        requireStarted();
        return members.get(checkGroup(group));
    }

    /** The member Patroni holds as the primary (leader) of a group (0 = coordinator), right now. */
    public PatroniMember getPrimary(int group) {
        requireStarted();
        checkGroup(group);
        String leader = topology().leader(group);
        if (leader == null) {
            throw new IllegalStateException("group " + group + " has no primary right now (no Patroni leader)");
        }
        return member(group, leader);
    }

    /** The live members of a group that are not its primary (its streaming replicas), right now. */
    public List<PatroniMember> getReplicas(int group) {
        requireStarted();
        checkGroup(group);
        String leader = topology().leader(group);
        return members.get(group).stream()
                .filter(m -> !killed.contains(m) && !m.getName().equals(leader))
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * A planned switchover in a group (0 = coordinator) through Patroni's REST API ({@code patronictl
     * switchover}, run inside the cluster network): the primary hands over to a streaming replica. Citus pauses
     * the coordinator's traffic to a worker group while it switches. Returns the new primary once Patroni
     * reports it, the old primary streams from it, and the coordinator's {@code pg_dist_node} points at it.
     */
    public synchronized PatroniMember switchover(int group) {
        requireStarted();
        checkGroup(group);
        awaitHealthy(EVENT_TIMEOUT);
        PatroniMember primary = getPrimary(group);
        PatroniMember candidate = firstReplica(group, "switchover");
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (true) {
            ExecResult r = exec(candidate.getContainer(), "patronictl", "-c", PATRONI_CONFIG, "switchover", SCOPE,
                    "--group", Integer.toString(group), "--leader", primary.getName(),
                    "--candidate", candidate.getName(), "--force");
            String output = (r.getStdout() + r.getStderr()).trim();
            if (r.getExitCode() == 0 && output.contains("Successfully switched over")) {
                break;
            }
            // Patroni refuses while it is busy (a previous event still settling): ask again until the deadline
            if (candidate.getName().equals(topology().leader(group))) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("switchover of group " + group + " from " + primary.getName() + " to "
                        + candidate.getName() + " failed: " + lastLines(output));
            }
            LOG.info("Patroni cluster {}: switchover of group {} not done yet, asking again: {}", clusterId, group,
                    lastLines(output));
            pause();
        }
        awaitPrimary(group, candidate, EVENT_TIMEOUT);
        awaitHealthy(EVENT_TIMEOUT);
        return candidate;
    }

    /**
     * An unplanned failover in a group (0 = coordinator): kills the primary's container (SIGKILL, no
     * shutdown) and returns the promoted replica once Patroni holds it as primary, the coordinator's
     * {@code pg_dist_node} points at it and a distributed query through {@link #getJdbcUrl()} works.
     *
     * <p>The killed member stays down. To keep tests short, its etcd lease is revoked right after the kill
     * instead of waiting for it to expire (Patroni's {@code ttl}, at least 20 s): the replica is promoted as
     * if the lease had run out. A group needs a live replica; with {@code withReplicas(1)} a group can fail over
     * once.
     */
    public synchronized PatroniMember failover(int group) {
        requireStarted();
        checkGroup(group);
        awaitHealthy(EVENT_TIMEOUT);
        PatroniMember primary = getPrimary(group);
        firstReplica(group, "failover");
        String leaderKey = NAMESPACE + "/" + SCOPE + "/" + group + "/leader";
        String lease = PatroniTopology.leaseOfFirstKey(exec(etcd, "etcdctl", "get", leaderKey, "-w", "json").getStdout());

        DockerClientFactory.instance().client().killContainerCmd(primary.getContainer().getContainerId()).exec();
        killed.add(primary);
        LOG.info("Patroni cluster {}: killed {} (primary of group {})", clusterId, primary.getName(), group);
        if (lease != null) {
            // what etcd does by itself once the dead primary's lease runs out
            exec(etcd, "etcdctl", "lease", "revoke", lease);
        }
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        PatroniMember promoted = null;
        while (promoted == null) {
            String leader = topology().leader(group);
            if (leader != null && !leader.equals(primary.getName())) {
                promoted = member(group, leader);
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("failover of group " + group + ": no replica was promoted within "
                        + EVENT_TIMEOUT.toSeconds() + " s after " + primary.getName() + " was killed; "
                        + describe());
            } else {
                pause();
            }
        }
        awaitPrimary(group, promoted, EVENT_TIMEOUT);
        awaitHealthy(EVENT_TIMEOUT);
        return promoted;
    }

    /**
     * Waits (up to the startup timeout) until every group has one running primary, every live replica
     * streams, the coordinator primary's {@code pg_dist_node} has exactly one primary per group and it is
     * Patroni's leader of that group, and a distributed query through {@link #getJdbcUrl()} reaches every
     * worker group. Throws with the state seen and the logs of unhealthy members otherwise.
     */
    public void awaitHealthy() {
        requireStarted();
        awaitHealthy(startupTimeout);
    }

    /** Stops the cluster (see {@link #stop()}). */
    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------------------------------------
    // internals
    // ---------------------------------------------------------------------------------------------

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem;
        while (true) {
            problem = healthProblem();
            if (problem == null) {
                return;
            }
            String dead = deadMembers();
            if (dead != null) {
                throw new ContainerLaunchException("Patroni cluster " + clusterId + " is not healthy: " + dead);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            pause();
        }
        StringBuilder logs = new StringBuilder();
        for (List<PatroniMember> list : members.values()) {
            for (PatroniMember m : list) {
                if (!killed.contains(m)) {
                    logs.append(System.lineSeparator()).append("--- last log lines of ").append(m.getName())
                            .append(" ---").append(System.lineSeparator()).append(LogTail.of(m.getContainer()));
                }
            }
        }
        throw new ContainerLaunchException("Patroni cluster " + clusterId + " was not healthy within "
                + timeout.toSeconds() + " s: " + problem + "; " + describe() + logs);
    }

    /** Null when healthy, else what is not (yet) right. */
    private String healthProblem() {
        PatroniTopology topology;
        try {
            topology = topology();
        } catch (RuntimeException e) {
            return "etcd not readable: " + e.getMessage();
        }
        Map<Integer, String> leaders = new HashMap<>();
        for (Map.Entry<Integer, List<PatroniMember>> e : members.entrySet()) {
            int group = e.getKey();
            String leader = topology.leader(group);
            if (leader == null) {
                return "group " + group + " has no leader yet";
            }
            PatroniTopology.Member state = topology.member(group, leader);
            if (state == null || !state.isRunningPrimary()) {
                return "leader " + leader + " of group " + group + " is " + state;
            }
            for (PatroniMember m : e.getValue()) {
                if (killed.contains(m) || m.getName().equals(leader)) {
                    continue;
                }
                PatroniTopology.Member s = topology.member(group, m.getName());
                if (s == null || !s.isStreamingReplica()) {
                    return "replica " + m.getName() + " of group " + group + " is " + s;
                }
                if (!topology.synchronousStandbys(group).contains(m.getName())) {
                    // until then a commit need not be on it, and Patroni would not switch over to it
                    return "replica " + m.getName() + " of group " + group + " is not a synchronous standby yet";
                }
            }
            leaders.put(group, leader);
        }
        PatroniMember coordinator = member(0, leaders.get(0));
        try (Connection c = coordinator.createConnection()) {
            if (!Boolean.FALSE.equals(Jdbc.single(c, "SELECT pg_is_in_recovery()"))) {
                return coordinator.getName() + " is still in recovery";
            }
            List<List<Object>> rows = Jdbc.query(c, "SELECT groupid, nodename FROM pg_dist_node"
                    + " WHERE noderole = 'primary' ORDER BY groupid");
            Map<Integer, List<String>> primaries = new HashMap<>();
            for (List<Object> row : rows) {
                primaries.computeIfAbsent(((Number) row.get(0)).intValue(), g -> new ArrayList<>()).add((String) row.get(1));
            }
            for (Map.Entry<Integer, String> e : leaders.entrySet()) {
                List<String> registered = primaries.getOrDefault(e.getKey(), List.of());
                if (!registered.equals(List.of(e.getValue()))) {
                    return "pg_dist_node on " + coordinator.getName() + " has primaries " + registered + " for group "
                            + e.getKey() + ", Patroni's leader is " + e.getValue();
                }
            }
        } catch (SQLException ex) {
            return "coordinator primary " + coordinator.getName() + " not answering: " + ex.getMessage();
        }
        try (Connection c = createConnection()) {
            Object reached = Jdbc.single(c, "SELECT count(*) FROM run_command_on_workers('SELECT 1') WHERE success");
            if (((Number) reached).intValue() != workerGroups) {
                return "a distributed command through the JDBC URL reached " + reached + " of " + workerGroups
                        + " worker groups";
            }
        } catch (SQLException ex) {
            return "the JDBC URL does not work yet: " + ex.getMessage();
        }
        return null;
    }

    /** Waits until Patroni holds the member as primary of the group and pg_dist_node points at it. */
    private void awaitPrimary(int group, PatroniMember expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String leader = null;
            try {
                leader = topology().leader(group);
            } catch (RuntimeException e) {
                // etcd briefly unreadable: poll again
            }
            if (expected.getName().equals(leader)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + group + ": expected " + expected.getName()
                        + " to become primary within " + timeout.toSeconds() + " s; " + describe());
            }
            pause();
        }
    }

    private String deadMembers() {
        for (List<PatroniMember> list : members.values()) {
            for (PatroniMember m : list) {
                if (!killed.contains(m) && !m.getContainer().isRunning()) {
                    return "member " + m.getName() + " stopped; last log lines:" + System.lineSeparator()
                            + LogTail.of(m.getContainer());
                }
            }
        }
        if (etcd != null && !etcd.isRunning()) {
            return "etcd stopped; last log lines:" + System.lineSeparator() + LogTail.of(etcd);
        }
        return null;
    }

    private PatroniTopology topology() {
        String prefix = NAMESPACE + "/" + SCOPE + "/";
        ExecResult r = exec(etcd, "etcdctl", "get", "--prefix", prefix, "-w", "json");
        if (r.getExitCode() != 0) {
            throw new IllegalStateException("etcdctl failed: " + r.getStderr().trim());
        }
        return PatroniTopology.parse(prefix, r.getStdout());
    }

    private String describe() {
        try {
            return "Patroni state: " + topology();
        } catch (RuntimeException e) {
            return "Patroni state not readable: " + e.getMessage();
        }
    }

    private PatroniMember firstReplica(int group, String what) {
        List<PatroniMember> candidates = getReplicas(group);
        if (candidates.isEmpty()) {
            throw new IllegalStateException(what + " of group " + group + " needs a live replica and the group has"
                    + " none (withReplicas(" + replicas + "), " + killed.stream().filter(m -> m.getGroup() == group)
                    .count() + " member(s) killed by failover)");
        }
        return candidates.get(0);
    }

    private PatroniMember member(int group, String name) {
        return members.get(group).stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Patroni reports member " + name + " in group " + group
                        + ", which this cluster did not start"));
    }

    private int checkGroup(int group) {
        return Args.inRange("group", group, 0, workerGroups);
    }

    private void requireStarted() {
        if (clusterId == null || jdbcUrl == null) {
            throw new IllegalStateException("the Patroni cluster is not started; call start() first");
        }
    }

    private static ExecResult exec(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String lastLines(String output) {
        String[] lines = output.split("\\R");
        return String.join(" / ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }

    private static void startAll(List<GenericContainer<?>> containers) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, containers.size()));
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (GenericContainer<?> c : containers) {
                starts.add(pool.submit(c::start));
            }
            for (Future<?> f : starts) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof RuntimeException ? (RuntimeException) cause
                            : new ContainerLaunchException("a Patroni member did not start", cause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerLaunchException("interrupted while starting the Patroni members", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, String> labels(String id, String role, String node, Integer group) {
        Map<String, String> labels = new HashMap<>();
        labels.put(CitusClusterContainer.CLUSTER_LABEL, id);
        labels.put(CitusClusterContainer.ROLE_LABEL, role);
        labels.put(CitusClusterContainer.NODE_LABEL, node);
        if (group != null) {
            labels.put(GROUP_LABEL, group.toString());
        }
        return labels;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Patroni cluster", e);
        }
    }

    /** Ready as soon as the container runs: health is judged by {@link #awaitHealthy()} for all members at once. */
    private static final class ContainerRunning extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // nothing: Patroni members become ready together, checked through etcd and JDBC
        }
    }
}
