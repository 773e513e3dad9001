package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The library runs the tuned image by default, and the base image unchanged with withTunedImage(false). */
class LibraryTunedImageIT {

    @Test
    void tunedImageIsBuiltOnceAndRunsACluster() throws Exception {
        String base = TestImages.primary();
        TestImages.assumeAvailable(base);
        try (CitusClusterContainer cluster = new CitusClusterContainer(base).withWorkers(2)) {
            cluster.start();

            assertThat(cluster.getDockerImageName()).startsWith(TunedImages.REPOSITORY + ":");
            for (CitusNode node : cluster.getWorkers()) {
                assertThat(node.getContainer().getDockerImageName()).isEqualTo(cluster.getDockerImageName());
                assertThat(node.getContainer().getContainerInfo().getConfig().getLabels())
                        .containsEntry("org.opencontainers.image.base.name", base);
            }
            try (Connection c = cluster.createConnection("");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id bigint PRIMARY KEY)");
                s.execute("SELECT create_distributed_table('t', 'id')");
                s.execute("INSERT INTO t SELECT generate_series(1, 50)");
                try (ResultSet rs = s.executeQuery("SELECT count(*), current_setting('citus_testkit.role') FROM t")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(50);
                    assertThat(rs.getString(2)).isEqualTo("coordinator");
                }
            }
            assertThat(cluster.getCoordinator().getLogs()).contains("fast start");
            for (io.citustestkit.CitusNode worker : cluster.getWorkers()) {
                assertThat(worker.getLogs()).as(worker.getNetworkAlias()).contains("fast start");
            }
        }
    }

    @Test
    void tunedImageIsReusedNotRebuilt() {
        String base = TestImages.primary();
        TestImages.assumeAvailable(base);
        org.testcontainers.utility.DockerImageName first = TunedImages.resolve(
                org.testcontainers.utility.DockerImageName.parse(base));
        String id = org.testcontainers.DockerClientFactory.instance().client()
                .inspectImageCmd(first.asCanonicalNameString()).exec().getId();

        org.testcontainers.utility.DockerImageName again = TunedImages.resolve(
                org.testcontainers.utility.DockerImageName.parse(base));

        assertThat(again).isEqualTo(first);
        assertThat(org.testcontainers.DockerClientFactory.instance().client()
                .inspectImageCmd(again.asCanonicalNameString()).exec().getId()).isEqualTo(id);
    }

    @Test
    void withoutTunedImageTheBaseRunsUnchanged() throws Exception {
        String base = TestImages.primary();
        TestImages.assumeAvailable(base);
        try (CitusClusterContainer cluster = new CitusClusterContainer(base).withWorkers(2).withTunedImage(false)) {
            cluster.start();

            assertThat(cluster.getDockerImageName()).isEqualTo(base);
            assertThat(cluster.getWorker(0).getContainer().getDockerImageName()).isEqualTo(base);
            assertThat(cluster.getContainerInfo().getConfig().getLabels())
                    .doesNotContainKey("org.opencontainers.image.base.name");
            try (Connection c = cluster.createConnection("");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_settings WHERE name = 'citus_testkit.role'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            // node-to-node connections authenticate (the kit stored the password on every node)
            try (Connection c = cluster.createConnection("");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE plain_events (id bigint PRIMARY KEY)");
                s.execute("SELECT create_distributed_table('plain_events', 'id')");
                s.execute("INSERT INTO plain_events SELECT g FROM generate_series(1, 100) g");
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT nodename) FROM citus_shards"
                        + " WHERE table_name = 'plain_events'::regclass")) {
                    rs.next();
                    assertThat(rs.getLong(2)).as("workers holding shards").isEqualTo(2);
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM plain_events")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(100);
                }
            }
        }
    }
}
