package io.citustestkit.ha;

import io.citustestkit.internal.PatroniTopology;
import io.citustestkit.internal.Waits;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The events a {@link PatroniCitusCluster} triggers: a planned switchover through Patroni, and a failover (the primary
 * killed, its lease revoked so the replica is promoted at once). Each returns once Patroni and the coordinator's
 * metadata agree on the new primary and the cluster is healthy again.
 */
final class PatroniEvents {

    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(120);
    private static final String PATRONI_CONFIG = "/etc/patroni/patroni.yml";
    private static final Logger LOG = LoggerFactory.getLogger(PatroniCitusCluster.class);

    private final PatroniNodes nodes;
    private final PatroniHealth health;
    private final String clusterId;
    private final int replicas;

    PatroniEvents(PatroniNodes nodes, PatroniHealth health, String clusterId, int replicas) {
        this.nodes = nodes;
        this.health = health;
        this.clusterId = clusterId;
        this.replicas = replicas;
    }

    /** The primary of a group right now. */
    PatroniMember primary(int group) {
        String leader = health.topology().leader(group);
        if (leader == null) {
            throw new IllegalStateException("group " + group + " has no primary right now (no Patroni leader)");
        }
        return nodes.member(group, leader);
    }

    /** The live members of a group that are not its primary, right now. */
    List<PatroniMember> replicas(int group) {
        String leader = health.topology().leader(group);
        return nodes.group(group).stream().filter(m -> !nodes.isKilled(m) && !m.getName().equals(leader))
                .collect(Collectors.toUnmodifiableList());
    }

    PatroniMember switchover(int group) {
        health.awaitHealthy(EVENT_TIMEOUT);
        PatroniMember primary = primary(group);
        PatroniMember candidate = firstReplica(group, "switchover");
        Waits.until(EVENT_TIMEOUT, PatroniHealth.POLL, () -> {
            ExecResult r = PatroniHealth.exec(candidate.getContainer(), "patronictl", "-c", PATRONI_CONFIG,
                    "switchover", PatroniNodes.SCOPE, "--group", Integer.toString(group), "--leader", primary.getName(),
                    "--candidate", candidate.getName(), "--force");
            String output = (r.getStdout() + r.getStderr()).trim();
            boolean done = r.getExitCode() == 0 && output.contains("Successfully switched over")
                    || candidate.getName().equals(health.leaderOrNull(group));
            // Patroni refuses while it is busy (a previous event still settling): ask again until the deadline
            return done ? null : lastLines(output);
        }, last -> new IllegalStateException("switchover of group " + group + " from " + primary.getName() + " to "
                + candidate.getName() + " failed: " + last));
        health.awaitPrimary(group, candidate, EVENT_TIMEOUT);
        health.awaitHealthy(EVENT_TIMEOUT);
        return candidate;
    }

    PatroniMember failover(int group) {
        health.awaitHealthy(EVENT_TIMEOUT);
        PatroniMember primary = primary(group);
        firstReplica(group, "failover");
        String leaderKey = PatroniNodes.NAMESPACE + "/" + PatroniNodes.SCOPE + "/" + group + "/leader";
        String lease = PatroniTopology.leaseOfFirstKey(
                PatroniHealth.exec(nodes.etcd(), "etcdctl", "get", leaderKey, "-w", "json").getStdout());
        primary.getContainer().getDockerClient().killContainerCmd(primary.getContainer().getContainerId()).exec();
        nodes.markKilled(primary);
        LOG.info("Patroni cluster {}: killed {} (primary of group {})", clusterId, primary.getName(), group);
        if (lease != null) {
            // what etcd does by itself once the dead primary's lease runs out
            PatroniHealth.exec(nodes.etcd(), "etcdctl", "lease", "revoke", lease);
        }
        Waits.until(EVENT_TIMEOUT, PatroniHealth.POLL, () -> {
            String leader = health.leaderOrNull(group);
            return leader != null && !leader.equals(primary.getName()) ? null : "no new leader";
        }, last -> new IllegalStateException("failover of group " + group + ": no replica was promoted within "
                + EVENT_TIMEOUT.toSeconds() + " s after " + primary.getName() + " was killed; " + health.describe()));
        PatroniMember promoted = nodes.member(group, health.topology().leader(group));
        health.awaitPrimary(group, promoted, EVENT_TIMEOUT);
        health.awaitHealthy(EVENT_TIMEOUT);
        return promoted;
    }

    private PatroniMember firstReplica(int group, String what) {
        List<PatroniMember> candidates = replicas(group);
        if (candidates.isEmpty()) {
            throw new IllegalStateException(what + " of group " + group + " needs a live replica and the group has"
                    + " none (withReplicas(" + replicas + "), " + nodes.killedIn(group) + " member(s) killed by failover)");
        }
        return candidates.get(0);
    }

    private static String lastLines(String output) {
        String[] lines = output.split("\\R");
        return String.join(" / ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
}
