package io.citustestkit.ha;

import io.citustestkit.internal.ClusterSql;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.LogTail;
import io.citustestkit.internal.PatroniTopology;
import io.citustestkit.internal.Waits;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;

/**
 * Is a {@link PatroniCitusCluster} healthy, and who leads each group: read from etcd (Patroni's view) and from the
 * coordinator primary (Citus' view), with the waits the cluster's events need.
 */
final class PatroniHealth {

    static final Duration POLL = Duration.ofMillis(250);

    private final PatroniNodes nodes;
    private final String clusterId;
    private final int workerGroups;
    private final SessionSource session;

    /** Where the health check gets a session through the cluster's JDBC URL. */
    interface SessionSource {
        Connection open() throws SQLException;
    }

    PatroniHealth(PatroniNodes nodes, String clusterId, int workerGroups, SessionSource session) {
        this.nodes = nodes;
        this.clusterId = clusterId;
        this.workerGroups = workerGroups;
        this.session = session;
    }

    /** Patroni's view, from etcd. */
    PatroniTopology topology() {
        String prefix = PatroniNodes.NAMESPACE + "/" + PatroniNodes.SCOPE + "/";
        ExecResult r = exec(nodes.etcd(), "etcdctl", "get", "--prefix", prefix, "-w", "json");
        if (r.getExitCode() != 0) {
            throw new IllegalStateException("etcdctl failed: " + r.getStderr().trim());
        }
        return PatroniTopology.parse(prefix, r.getStdout());
    }

    /** The leader of a group right now, or null (none, or etcd not readable this moment). */
    String leaderOrNull(int group) {
        try {
            return topology().leader(group);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Waits until {@link #problem()} is null; a dead member or etcd ends the wait at once. */
    void awaitHealthy(Duration timeout) {
        Waits.until(timeout, POLL, () -> {
            String dead = deadMembers();
            if (dead != null) {
                throw new ContainerLaunchException("Patroni cluster " + clusterId + " is not healthy: " + dead);
            }
            return problem();
        }, last -> new ContainerLaunchException("Patroni cluster " + clusterId + " was not healthy within "
                + timeout.toSeconds() + " s: " + last + "; " + describe() + logsOfLiveMembers()));
    }

    /** Waits until Patroni holds {@code expected} as the primary of the group. */
    void awaitPrimary(int group, PatroniMember expected, Duration timeout) {
        Waits.until(timeout, POLL, () -> expected.getName().equals(leaderOrNull(group)) ? null : "not yet",
                last -> new IllegalStateException("group " + group + ": expected " + expected.getName()
                        + " to become primary within " + timeout.toSeconds() + " s; " + describe()));
    }

    /** Null when healthy, else what is not (yet) right. */
    String problem() {
        PatroniTopology topology;
        try {
            topology = topology();
        } catch (RuntimeException e) {
            return "etcd not readable: " + e.getMessage();
        }
        Map<Integer, String> leaders = new HashMap<>();
        for (Map.Entry<Integer, List<PatroniMember>> e : nodes.all().entrySet()) {
            int group = e.getKey();
            String leader = topology.leader(group);
            if (leader == null) {
                return "group " + group + " has no leader yet";
            }
            PatroniTopology.Member state = topology.member(group, leader);
            if (state == null || !state.isRunningPrimary()) {
                return "leader " + leader + " of group " + group + " is " + state;
            }
            List<String> streaming = null;
            for (PatroniMember m : e.getValue()) {
                if (nodes.isKilled(m) || m.getName().equals(leader)) {
                    continue;
                }
                PatroniTopology.Member s = topology.member(group, m.getName());
                if (s == null || !s.isRunningReplica()) {
                    return "replica " + m.getName() + " of group " + group + " is " + s;
                }
                if (streaming == null) {
                    streaming = streamingStandbys(nodes.member(group, leader));
                }
                if (!streaming.contains(m.getName())) {
                    return "replica " + m.getName() + " of group " + group + " is " + s + " but its primary " + leader
                            + " does not stream to it yet (pg_stat_replication: " + streaming + ")";
                }
                if (!topology.synchronousStandbys(group).contains(m.getName())) {
                    // until then a commit need not be on it, and Patroni would not switch over to it
                    return "replica " + m.getName() + " of group " + group + " is not a synchronous standby yet";
                }
            }
            leaders.put(group, leader);
        }
        String metadata = metadataProblem(nodes.member(0, leaders.get(0)), leaders);
        return metadata != null ? metadata : urlProblem();
    }

    /** The members a primary streams to, from PostgreSQL itself; empty when it does not answer right now. */
    private static List<String> streamingStandbys(PatroniMember primary) {
        try (Connection c = primary.createConnection()) {
            return Jdbc.strings(c, ClusterSql.STREAMING_STANDBYS);
        } catch (SQLException ex) {
            return List.of();
        }
    }

    /** Citus' view on the coordinator primary: one primary per group, and it is Patroni's leader. */
    private String metadataProblem(PatroniMember coordinator, Map<Integer, String> leaders) {
        try (Connection c = coordinator.createConnection()) {
            if (!Boolean.FALSE.equals(Jdbc.single(c, ClusterSql.IN_RECOVERY))) {
                return coordinator.getName() + " is still in recovery";
            }
            Map<Integer, List<String>> primaries = new HashMap<>();
            for (List<Object> row : Jdbc.query(c, ClusterSql.PRIMARIES_BY_GROUP)) {
                primaries.computeIfAbsent(((Number) row.get(0)).intValue(), g -> new ArrayList<>()).add((String) row.get(1));
            }
            for (Map.Entry<Integer, String> e : leaders.entrySet()) {
                List<String> registered = primaries.getOrDefault(e.getKey(), List.of());
                if (!registered.equals(List.of(e.getValue()))) {
                    return "pg_dist_node on " + coordinator.getName() + " has primaries " + registered + " for group "
                            + e.getKey() + ", Patroni's leader is " + e.getValue();
                }
            }
            return null;
        } catch (SQLException ex) {
            return "coordinator primary " + coordinator.getName() + " not answering: " + ex.getMessage();
        }
    }

    /** A distributed command through the cluster's JDBC URL reaches every worker group. */
    private String urlProblem() {
        try (Connection c = session.open()) {
            Object reached = Jdbc.single(c, ClusterSql.WORKERS_REACHED);
            return ((Number) reached).intValue() == workerGroups ? null
                    : "a distributed command through the JDBC URL reached " + reached + " of " + workerGroups
                            + " worker groups";
        } catch (SQLException ex) {
            return "the JDBC URL does not work yet: " + ex.getMessage();
        }
    }

    private String deadMembers() {
        for (List<PatroniMember> list : nodes.all().values()) {
            for (PatroniMember m : list) {
                if (!nodes.isKilled(m) && !m.getContainer().isRunning()) {
                    return "member " + m.getName() + " stopped; last log lines:" + System.lineSeparator()
                            + LogTail.of(m.getContainer());
                }
            }
        }
        return nodes.etcd().isRunning() ? null
                : "etcd stopped; last log lines:" + System.lineSeparator() + LogTail.of(nodes.etcd());
    }

    private String logsOfLiveMembers() {
        StringBuilder logs = new StringBuilder();
        nodes.all().values().forEach(list -> list.stream().filter(m -> !nodes.isKilled(m)).forEach(m ->
                logs.append(System.lineSeparator()).append("--- last log lines of ").append(m.getName())
                        .append(" ---").append(System.lineSeparator()).append(LogTail.of(m.getContainer()))));
        return logs.toString();
    }

    String describe() {
        try {
            return "Patroni state: " + topology();
        } catch (RuntimeException e) {
            return "Patroni state not readable: " + e.getMessage();
        }
    }

    static ExecResult exec(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
