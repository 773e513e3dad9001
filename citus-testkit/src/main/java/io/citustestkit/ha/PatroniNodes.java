package io.citustestkit.ha;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.FailFastNetwork;
import io.citustestkit.internal.ParallelStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.RemoteDockerImage;

/**
 * The containers of one {@link PatroniCitusCluster} start and its member registry: etcd, and per Citus group
 * (0 = coordinator) one primary-to-be and its replicas. The registry is made whole before any container starts and
 * never changes afterwards except for the set of members a failover killed, so any thread may read it while an event
 * runs.
 */
final class PatroniNodes {

    static final String SCOPE = "citus";
    static final String NAMESPACE = "/service";
    static final String ETCD_ALIAS = "etcd";

    private final GenericContainer<?> etcd;
    private final String database;
    private final Map<Integer, List<PatroniMember>> members;
    private final Set<PatroniMember> killed = ConcurrentHashMap.newKeySet();

    PatroniNodes(RemoteDockerImage image, Network network, String clusterId, int workerGroups, int replicas,
            String database, String user, String password, Duration timeout) {
        this.database = database;
        etcd = new GenericContainer<>(image)
                .withCommand("etcd")
                .withNetwork(network)
                .withNetworkAliases(ETCD_ALIAS)
                .withEnv("ETCD_NAME", ETCD_ALIAS)
                .withLabels(labels(clusterId, "etcd", ETCD_ALIAS, null))
                .waitingFor(Wait.forLogMessage(".*ready to serve client requests.*", 1).withStartupTimeout(timeout));
        Map<Integer, List<PatroniMember>> all = new LinkedHashMap<>();
        for (int group = 0; group <= workerGroups; group++) {
            List<PatroniMember> list = new ArrayList<>();
            for (int i = 1; i <= replicas + 1; i++) {
                String name = group == 0 ? "coordinator-" + i : "worker" + group + "-" + i;
                GenericContainer<?> c = new GenericContainer<>(image)
                        .withCommand("patroni")
                        .withNetwork(network)
                        .withNetworkAliases(name)
                        .withExposedPorts(PatroniCitusCluster.POSTGRES_PORT)
                        .withEnv("PATRONI_NAME", name)
                        .withEnv("PATRONI_SCOPE", SCOPE)
                        .withEnv("PATRONI_CITUS_GROUP", Integer.toString(group))
                        .withEnv("PATRONI_CITUS_DATABASE", database)
                        .withEnv("PATRONI_ETCD3_HOSTS", ETCD_ALIAS + ":2379")
                        .withEnv("POSTGRES_DB", database)
                        .withEnv("POSTGRES_USER", user)
                        .withEnv("POSTGRES_PASSWORD", password)
                        .withEnv("CITUS_PROFILE", "test")
                        .withEnv("CITUS_HA_REPLICAS", Integer.toString(replicas))
                        .withLabels(labels(clusterId, group == 0 ? "coordinator" : "worker", name, group))
                        .withCreateContainerCmdModifier(FailFastNetwork::apply)
                        .waitingFor(new ContainerRunning());
                list.add(new PatroniMember(name, group, c, database, user, password));
            }
            all.put(group, Collections.unmodifiableList(list));
        }
        members = Collections.unmodifiableMap(all);
    }

    /** Starts etcd, then every member in parallel; returns the coordinator group's multi-host JDBC URL. */
    String start(Duration timeout) {
        etcd.start();
        List<GenericContainer<?>> containers = memberContainers();
        try (ParallelStart members = ParallelStart.of(containers)) {
            for (int i = 0; i < containers.size(); i++) {
                members.await(i, timeout);
            }
        }
        return jdbcUrl();
    }

    /**
     * The coordinator group's multi-host JDBC URL: every connected member over its mapped port right now (a
     * reconnected member has a new one), {@code targetServerType=primary}.
     */
    String jdbcUrl() {
        List<PatroniMember> connected = group(0).stream().filter(m -> !m.isDisconnected()).collect(Collectors.toList());
        return (connected.isEmpty() ? group(0) : connected).stream().map(PatroniMember::hostAndPort)
                .collect(Collectors.joining(",", "jdbc:postgresql://", "/" + database + "?targetServerType=primary"));
    }

    /** Stops every member and etcd; returns the first failure with the others suppressed in it, or null. */
    RuntimeException stop() {
        RuntimeException failure = null;
        List<GenericContainer<?>> all = memberContainers();
        all.add(etcd);
        for (GenericContainer<?> c : all) {
            try {
                c.stop();
            } catch (RuntimeException e) {
                failure = collect(failure, e);
            }
        }
        return failure;
    }

    /** The first failure, with later ones suppressed in it. */
    static RuntimeException collect(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    GenericContainer<?> etcd() {
        return etcd;
    }

    /** Every member of a group, in start order (killed ones included). */
    List<PatroniMember> group(int group) {
        return members.get(group);
    }

    Map<Integer, List<PatroniMember>> all() {
        return members;
    }

    /** Every member container, for a parallel start or stop. */
    List<GenericContainer<?>> memberContainers() {
        List<GenericContainer<?>> list = new ArrayList<>();
        members.values().forEach(g -> g.forEach(m -> list.add(m.getContainer())));
        return list;
    }

    PatroniMember member(int group, String name) {
        return members.get(group).stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Patroni reports member " + name + " in group " + group
                        + ", which this cluster did not start"));
    }

    void markKilled(PatroniMember m) {
        killed.add(m);
    }

    boolean isKilled(PatroniMember m) {
        return killed.contains(m);
    }

    long killedIn(int group) {
        return killed.stream().filter(m -> m.getGroup() == group).count();
    }

    private static Map<String, String> labels(String id, String role, String node, Integer group) {
        Map<String, String> labels = new HashMap<>();
        labels.put(CitusClusterContainer.CLUSTER_LABEL, id);
        labels.put(CitusClusterContainer.ROLE_LABEL, role);
        labels.put(CitusClusterContainer.NODE_LABEL, node);
        if (group != null) {
            labels.put(PatroniCitusCluster.GROUP_LABEL, group.toString());
        }
        return labels;
    }

    /** Ready as soon as the container runs: health is judged for all members at once (see {@link PatroniHealth}). */
    private static final class ContainerRunning extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // nothing: Patroni members become ready together, checked through etcd and JDBC
        }
    }
}
