package io.citustestkit.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.PatroniImages;
import io.citustestkit.internal.PatroniTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** Settings are checked when recorded, before anything starts; no Docker here. */
class PatroniCitusClusterTest {

    @Test
    void zeroWorkerGroupsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new PatroniCitusCluster().withWorkerGroups(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workerGroups was 0")
                .hasMessageContaining("allowed: 1..16");
    }

    @Test
    void negativeReplicasAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new PatroniCitusCluster().withReplicas(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicas was -1")
                .hasMessageContaining("allowed: 0..4");
    }

    @Test
    void tooManyWorkerGroupsAreRefused() {
        assertThatThrownBy(() -> new PatroniCitusCluster().withWorkerGroups(17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workerGroups was 17");
    }

    @Test
    void blankBaseImageAndBadTimeoutAreRefused() {
        assertThatThrownBy(() -> new PatroniCitusCluster(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseImage was blank");
        assertThatThrownBy(() -> new PatroniCitusCluster().withStartupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startupTimeout was PT0S");
    }

    @Test
    void settingsAreRecordedAndDefaultsHold() {
        PatroniCitusCluster cluster = new PatroniCitusCluster();
        assertThat(cluster.getWorkerGroups()).isEqualTo(PatroniCitusCluster.DEFAULT_WORKER_GROUPS).isEqualTo(2);
        assertThat(cluster.getReplicas()).isEqualTo(PatroniCitusCluster.DEFAULT_REPLICAS).isEqualTo(1);
        cluster.withWorkerGroups(1).withReplicas(0);
        assertThat(cluster.getWorkerGroups()).isEqualTo(1);
        assertThat(cluster.getReplicas()).isZero();
    }

    @Test
    void nothingIsAvailableBeforeStart() {
        PatroniCitusCluster cluster = new PatroniCitusCluster();
        assertThatThrownBy(cluster::getJdbcUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        assertThatThrownBy(() -> cluster.failover(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cluster.getPrimary(0)).isInstanceOf(IllegalStateException.class);
        cluster.stop(); // stopping a cluster that never started is harmless
    }

    @Test
    void imageNameDependsOnTheBaseImageAndItsIdAndIsStable() {
        DockerImageName a = PatroniImages.imageFor(DockerImageName.parse("citusdata/citus:13.2.0"), "sha256:1");
        DockerImageName again = PatroniImages.imageFor(DockerImageName.parse("citusdata/citus:13.2.0"), "sha256:1");
        DockerImageName rebuilt = PatroniImages.imageFor(DockerImageName.parse("citusdata/citus:13.2.0"), "sha256:2");
        DockerImageName b = PatroniImages.imageFor(DockerImageName.parse("citusdata/citus:14.0.0-pg17"), "sha256:1");
        assertThat(again).isEqualTo(a);
        assertThat(rebuilt).as("a rebuilt base image").isNotEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        assertThat(a.getRegistry()).as("a local name: substitution leaves it alone").isEqualTo("localhost");
        assertThat(a.getUnversionedPart()).isEqualTo(PatroniImages.REPOSITORY);
        assertThat(a.getVersionPart()).startsWith("13.2.0-");
        assertThat(b.getVersionPart()).startsWith("14.0.0-pg17-");
    }

    @Test
    void topologyIsReadFromEtcdKeys() {
        String json = "{\"header\":{\"revision\":7},\"kvs\":["
                + kv("/service/citus/0/leader", "coordinator-2", 77)
                + "," + kv("/service/citus/0/members/coordinator-2", "{\"state\":\"running\",\"role\":\"primary\"}", 77)
                + "," + kv("/service/citus/0/members/coordinator-1", "{\"state\":\"streaming\",\"role\":\"replica\"}", 78)
                + "," + kv("/service/citus/1/members/worker1-1", "{\"state\":\"running\",\"role\":\"replica\"}", 79)
                + "," + kv("/service/citus/1/members/worker1-2",
                        "{\"state\":\"running\",\"role\":\"replica\",\"replication_state\":\"streaming\"}", 80)
                + "," + kv("/service/citus/1/members/worker1-3", "{\"state\":\"starting\",\"role\":\"replica\"}", 81)
                + "," + kv("/service/citus/0/config", "{\"ttl\":20}", 0)
                + "," + kv("/service/citus/0/sync", "{\"leader\":\"coordinator-2\",\"quorum\":0,\"sync_standby\":\"coordinator-1\"}", 0)
                + "," + kv("/service/citus/1/sync", "{\"leader\":\"worker1-9\",\"sync_standby\":\"worker1-1\"}", 0)
                + "],\"count\":5}";
        PatroniTopology topology = PatroniTopology.parse("/service/citus/", json);
        assertThat(topology.leader(0)).isEqualTo("coordinator-2");
        assertThat(topology.leader(1)).isNull();
        assertThat(topology.member(0, "coordinator-2").isRunningPrimary()).isTrue();
        assertThat(topology.member(0, "coordinator-1").isRunningReplica()).as("Patroni 4: streaming").isTrue();
        assertThat(topology.member(1, "worker1-1").isRunningReplica()).as("Patroni 3.0: running, nothing more").isTrue();
        assertThat(topology.member(1, "worker1-2").isRunningReplica()).as("Patroni 3.1+: replication_state").isTrue();
        assertThat(topology.member(1, "worker1-3").isRunningReplica()).as("starting").isFalse();
        assertThat(topology.member(0, "coordinator-2").isRunningReplica()).as("the primary").isFalse();
        assertThat(topology.members(1)).containsOnlyKeys("worker1-1", "worker1-2", "worker1-3");
        assertThat(topology.synchronousStandbys(0)).containsExactly("coordinator-1");
        assertThat(topology.synchronousStandbys(1)).as("no leader: no synchronous standby").isEmpty();
        assertThat(PatroniTopology.leaseOfFirstKey(json)).isEqualTo(Long.toHexString(77));
    }

    /**
     * Patroni 3.0.2's keys (Debian bookworm), values verbatim from a run: the primary's role is {@code master}, a
     * streaming replica is only {@code running} (no {@code replication_state}), the sync key has no {@code quorum}.
     */
    @Test
    void topologyIsReadFromPatroni30Keys() {
        String json = "{\"header\":{\"revision\":40},\"kvs\":["
                + kv("/service/citus/1/leader", "worker1-1", 99)
                + "," + kv("/service/citus/1/members/worker1-1", "{\"conn_url\":\"postgres://worker1-1:5432/postgres\","
                        + "\"api_url\":\"http://worker1-1:8008/patroni\",\"state\":\"running\",\"role\":\"master\","
                        + "\"version\":\"3.0.2\",\"xlog_location\":51167792,\"timeline\":2}", 99)
                + "," + kv("/service/citus/1/members/worker1-2", "{\"conn_url\":\"postgres://worker1-2:5432/postgres\","
                        + "\"api_url\":\"http://worker1-2:8008/patroni\",\"state\":\"running\",\"role\":\"replica\","
                        + "\"version\":\"3.0.2\",\"xlog_location\":51167792,\"timeline\":2}", 100)
                + "," + kv("/service/citus/1/config", "{\"ttl\":20,\"loop_wait\":1,\"synchronous_mode\":true,"
                        + "\"synchronous_node_count\":1}", 0)
                + "," + kv("/service/citus/1/initialize", "7716558384838856733", 0)
                + "," + kv("/service/citus/1/status", "{\"optime\":51167792}", 0)
                + "," + kv("/service/citus/1/history",
                        "[[1,50977088,\"no recovery target specified\",\"2026-12-07T13:48:41.826030+00:00\",\"worker1-1\"]]", 0)
                + "," + kv("/service/citus/1/sync", "{\"leader\":\"worker1-1\",\"sync_standby\":\"worker1-2\"}", 0)
                + "],\"count\":8}";
        PatroniTopology topology = PatroniTopology.parse("/service/citus/", json);
        assertThat(topology.leader(1)).isEqualTo("worker1-1");
        assertThat(topology.member(1, "worker1-1").isRunningPrimary()).as("role master").isTrue();
        assertThat(topology.member(1, "worker1-1").isRunningReplica()).isFalse();
        assertThat(topology.member(1, "worker1-2").isRunningReplica()).as("replica, running").isTrue();
        assertThat(topology.member(1, "worker1-2").isRunningPrimary()).isFalse();
        assertThat(topology.members(1)).containsOnlyKeys("worker1-1", "worker1-2");
        assertThat(topology.synchronousStandbys(1)).containsExactly("worker1-2");
    }

    /**
     * What etcd 3.4 (Debian bookworm's etcd-client 3.4.23) prints for {@code etcdctl get <key> -w json}, verbatim from
     * a run: the same layout as etcd 3.5's, and a lease id beyond 2^53 that must stay exact; {@code etcdctl lease
     * revoke} took it as {@code 694da25093aa7806}.
     */
    @Test
    void leaseIsReadExactlyFromEtcd34Output() {
        String json = "{\"header\":{\"cluster_id\":14841639068965178418,\"member_id\":10276657743932975437,"
                + "\"revision\":3,\"raft_term\":2},\"kvs\":[{\"key\":\"L3NlcnZpY2UvY2l0dXMvMS9sZWFkZXI=\","
                + "\"create_revision\":3,\"mod_revision\":3,\"version\":1,\"value\":\"dw==\","
                + "\"lease\":7587899414147659782}],\"count\":1}";
        assertThat(PatroniTopology.leaseOfFirstKey(json)).isEqualTo("694da25093aa7806");
        assertThat(PatroniTopology.parse("/service/citus/", json).leader(1)).isEqualTo("w");
        assertThat(PatroniTopology.leaseOfFirstKey("{\"header\":{\"revision\":3},\"count\":0}")).as("no key").isNull();
    }

    @Test
    void upgradeToIsRefusedAtOnceNamingPatroniAndWhatToDoInstead() {
        PatroniCitusCluster cluster = new PatroniCitusCluster();
        assertThatThrownBy(() -> cluster.upgradeTo("citusdata/citus:14.0.0-pg17"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("upgradeTo(citusdata/citus:14.0.0-pg17) on a PatroniCitusCluster: not supported")
                .hasMessageContaining("CitusClusterContainer with upgradeTo(image)");
    }

    private static String kv(String key, String value, long lease) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"key\":\"" + b64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + "\",\"create_revision\":2,"
                + "\"mod_revision\":3,\"version\":1,\"value\":\"" + b64.encodeToString(value.getBytes(StandardCharsets.UTF_8))
                + "\"" + (lease == 0 ? "" : ",\"lease\":" + lease) + "}";
    }
}
