package io.citustestkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of a cluster that are the kit's own (Testcontainers holds the rest: image, network, reuse, log
 * consumers, init scripts, startup timeout): how many workers, the shard count, server settings, credentials and
 * whether the tuned image runs. Recorded by the container's {@code withX} methods, checked as they come in, read by
 * the start.
 *
 * <pre>{@code
 * ClusterConfig config = new ClusterConfig().workers(2).shardCount(4);
 * config.serverCommand();   // [postgres, -c, fsync=off, ..., -c, citus.shard_count=4]
 * }</pre>
 */
public final class ClusterConfig {

    /** Workers a cluster has unless told otherwise. */
    public static final int DEFAULT_WORKERS = 2;

    /** The most workers a cluster can have. */
    public static final int MAX_WORKERS = 32;

    /** Database, user and password of a cluster unless told otherwise. */
    public static final String DEFAULT_CREDENTIAL = "test";

    /** Settings every node gets unless overridden: a test database need not survive a power cut. */
    private static final Map<String, String> TEST_SETTINGS = Map.of(
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");

    /**
     * Fail fast (docs/cluster.md "Network faults"): a query that needs a node which is cut off or hangs fails within
     * seconds, naming the node, instead of after Citus' 30 s connection timeout or the kernel's minutes of TCP
     * retries. A new node-to-node connection gives up after 5 s; a connection whose sent data goes unanswered for 3 s
     * ({@code tcp_user_timeout}) or whose peer answers no keepalive for about 3 s is dropped, on the servers' side
     * here and on the side of Citus' own connections by {@link #FAIL_FAST_CONNINFO}; prepared transactions left by a
     * failure are recovered every 2 s instead of every minute. Each one is overridden by the user's setting. What
     * no server setting reaches is {@link FailFastNetwork}'s.
     */
    private static final Map<String, String> FAIL_FAST_SETTINGS = Map.of(
            "citus.node_connection_timeout", "5000",
            "citus.recover_2pc_interval", "2000",
            "tcp_keepalives_idle", "1",
            "tcp_keepalives_interval", "1",
            "tcp_keepalives_count", "2",
            "tcp_user_timeout", "3000");

    /** What Citus' node-to-node connections get of {@link #FAIL_FAST_SETTINGS}, in {@code citus.node_conninfo}. */
    static final String FAIL_FAST_CONNINFO = "keepalives_idle=1 keepalives_interval=1 keepalives_count=2"
            + " tcp_user_timeout=3000";

    /**
     * No TLS inside a test cluster unless asked for: the nodes talk over their own Docker network and the test JVM over
     * a local port. Citus' default {@code citus.node_conninfo} ({@code sslmode=require}) makes {@code CREATE EXTENSION
     * citus} generate a certificate and turn {@code ssl} on at a node's first start, and every connection then pays a
     * TLS handshake. Left out when either setting is given by the user; with only {@code ssl} given,
     * {@code citus.node_conninfo} is Citus' default {@code sslmode=require}, plus {@link #FAIL_FAST_CONNINFO} either way.
     */
    private static final Map<String, String> NO_TLS_SETTINGS = Map.of(
            "ssl", "off",
            "citus.node_conninfo", "sslmode=prefer");

    /** System property with the reuse key of every reusable cluster of the JVM (a test fork's own cluster). */
    public static final String REUSE_KEY_PROPERTY = "citustestkit.reuse.key";

    private int workers = DEFAULT_WORKERS;
    private Integer shardCount;
    private final Map<String, String> configParameters = new LinkedHashMap<>();
    private String databaseName = DEFAULT_CREDENTIAL;
    private String username = DEFAULT_CREDENTIAL;
    private String password = DEFAULT_CREDENTIAL;
    private boolean tunedImage = true;
    private List<String> initScripts = List.of();
    private List<String> dataScripts = List.of();
    private boolean hostReachableNodes;
    private volatile List<String> keptTables = List.of();
    private String reuseKey;

    public ClusterConfig workers(int workers) {
        this.workers = Args.inRange("workers", workers, 0, MAX_WORKERS);
        return this;
    }

    public ClusterConfig shardCount(int shardCount) {
        this.shardCount = Args.inRange("shardCount", shardCount, 1, 64000);
        return this;
    }

    public ClusterConfig configParameter(String name, String value) {
        Args.configName(name);
        configParameters.put(name, Args.configValue(name, value));
        return this;
    }

    public ClusterConfig databaseName(String databaseName) {
        this.databaseName = Args.identifier("databaseName", databaseName);
        return this;
    }

    public ClusterConfig username(String username) {
        this.username = Args.identifier("username", username);
        return this;
    }

    public ClusterConfig password(String password) {
        Args.notNull("password", password);
        if (password.isEmpty()) {
            throw new IllegalArgumentException("password was empty; allowed: a non-empty string");
        }
        this.password = password;
        return this;
    }

    public ClusterConfig tunedImage(boolean tuned) {
        this.tunedImage = tuned;
        return this;
    }

    /** Init scripts (classpath resources), checked; they replace earlier ones, as in Testcontainers. */
    public List<String> initScripts(Iterable<String> paths) {
        this.initScripts = scripts("initScript", paths);
        return initScripts;
    }

    /** Data scripts (classpath resources), checked: seed data run after the init scripts and after every TRUNCATE. */
    public ClusterConfig dataScripts(Iterable<String> paths) {
        this.dataScripts = scripts("dataScript", paths);
        return this;
    }

    private static List<String> scripts(String element, Iterable<String> paths) {
        Args.notNull(element + "s", paths);
        List<String> checked = new ArrayList<>();
        paths.forEach(p -> checked.add(InitScripts.requireClasspathResource(element, p)));
        return List.copyOf(checked);
    }

    /** Registers nodes under addresses the test JVM reaches too ({@link HostReachableAddressing}). */
    public ClusterConfig hostReachableNodes(boolean hostReachable) {
        this.hostReachableNodes = hostReachable;
        return this;
    }

    public boolean hostReachableNodes() {
        return hostReachableNodes;
    }

    /** Tables {@code truncateTables()} leaves alone, read by each call; replaces what was given before. */
    public ClusterConfig keptTables(String... qualifiedNames) {
        Args.notNull("keptTables", qualifiedNames);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < qualifiedNames.length; i++) {
            names.add(Args.qualifiedName("keptTables[" + i + "]", qualifiedNames[i]));
        }
        this.keptTables = List.copyOf(names);
        return this;
    }

    public List<String> keptTables() {
        return keptTables;
    }

    /** The reuse key given with {@code withReuseKey}; null: {@link #REUSE_KEY_PROPERTY} decides at start. */
    public ClusterConfig reuseKey(String key) {
        this.reuseKey = key == null ? null : Args.notBlank("reuseKey", key);
        return this;
    }

    /**
     * What else tells reusable clusters of equal settings apart (one per test fork): the key given with
     * {@code withReuseKey}, else the system property {@value #REUSE_KEY_PROPERTY} read now, else none ({@code ""}).
     */
    public String reuseKey() {
        if (reuseKey != null) {
            return reuseKey;
        }
        String property = System.getProperty(REUSE_KEY_PROPERTY);
        return property == null ? "" : property.trim();
    }

    public int workers() {
        return workers;
    }

    public List<String> initScripts() {
        return initScripts;
    }

    public List<String> dataScripts() {
        return dataScripts;
    }

    public String databaseName() {
        return databaseName;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public boolean tunedImage() {
        return tunedImage;
    }

    /** True when the nodes use the tuned image's baked data directory in place (see {@link TunedImages}). */
    public boolean usesBakedDirectory() {
        return tunedImage && TunedImages.canUseBakedDirectory(databaseName, username, password);
    }

    /** The server command every node runs: {@code postgres -c name=value ...}, the user's settings last. */
    public List<String> serverCommand() {
        Map<String, String> settings = new LinkedHashMap<>(new TreeMap<>(TEST_SETTINGS));
        settings.putAll(new TreeMap<>(FAIL_FAST_SETTINGS));
        if (NO_TLS_SETTINGS.keySet().stream().noneMatch(configParameters::containsKey)) {
            settings.putAll(new TreeMap<>(NO_TLS_SETTINGS));
        }
        if (!configParameters.containsKey("citus.node_conninfo")) {
            String tls = settings.getOrDefault("citus.node_conninfo", "sslmode=require"); // Citus' default
            settings.put("citus.node_conninfo", tls + " " + FAIL_FAST_CONNINFO);
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

    /**
     * A stable hash of everything that makes two clusters equal, for reuse: these settings and what the container
     * adds (its image and init scripts).
     */
    public String settingsHash(String containerKey) {
        String s = containerKey + '|' + tunedImage + '|' + workers + '|' + databaseName + '|' + username + '|' + password
                + '|' + serverCommand() + '|' + dataScripts + (hostReachableNodes ? "|host-reachable" : "")
                + (reuseKey().isEmpty() ? "" : "|key=" + reuseKey());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
