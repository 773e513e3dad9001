package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.citustestkit.testsupport.DockerResources;
import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * What upgradeTo refuses, at once and with nothing changed (the same containers, the same Citus, the same URL): another
 * PostgreSQL major version, an older Citus, an image without Citus, a stopped node, a reusable cluster. Prints each
 * refusal's time. One cluster (the first upgrade pair's old image) serves every refusal but the reusable one.
 */
class UpgradeRefusalIT {

    private static CitusClusterContainer cluster;
    private static String from;
    private static String to;

    @BeforeAll
    static void start() {
        String[] pair = TestImages.upgrades().get(0);
        from = pair[0];
        to = pair[1];
        TestImages.assumeAvailable(from);
        cluster = new CitusClusterContainer(from).withWorkers(1);
        cluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void anotherPostgresMajorIsPgUpgradesJobAndNamesBothVersions() throws SQLException {
        String other = "citusdata/citus:14.0.0"; // PostgreSQL 18
        TestImages.assumeAvailable(other);
        assertRefused(() -> cluster.upgradeTo(other), IllegalArgumentException.class,
                "upgradeTo(" + other + "): the image runs PostgreSQL 18, the cluster PostgreSQL 15.",
                "pg_upgrade's job", "allowed: a citusdata/citus image with Citus " + cluster.getCitusVersion()
                        + " or later on PostgreSQL 15");
    }

    @Test
    void anOlderCitusIsRefused() throws SQLException {
        String older = TestImages.UNSUPPORTED; // Citus 11.3 on PostgreSQL 15
        TestImages.assumeAvailable(older);
        assertRefused(() -> cluster.upgradeTo(older), IllegalArgumentException.class,
                "upgradeTo(" + older + "): the image has Citus 11.3.", "older than the cluster's Citus "
                        + cluster.getCitusVersion(), "a downgrade is not supported");
    }

    @Test
    void anImageWithoutCitusIsRefused() throws SQLException {
        String postgres = "postgres:15";
        TestImages.assumeAvailable(postgres);
        assertRefused(() -> cluster.upgradeTo(DockerImageName.parse(postgres).asCompatibleSubstituteFor("citusdata/citus")),
                IllegalArgumentException.class, "upgradeTo(" + postgres + "): the image has no Citus");
    }

    @Test
    void aStoppedNodeIsRefusedNamingIt() throws SQLException {
        CitusNode worker = cluster.getWorker(0);
        worker.stop();
        try {
            assertRefused(() -> cluster.upgradeTo(to), IllegalStateException.class,
                    "upgradeTo(" + to + ") needs every node running and connected: worker-1 is stopped (call start()");
        } finally {
            worker.start();
        }
    }

    @Test
    void aReusableClusterIsRefused() throws SQLException {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.testcontainers.utility.TestcontainersConfiguration
                .getInstance().environmentSupportsReuse(), "container reuse is not enabled");
        CitusClusterContainer reusable = new CitusClusterContainer(from).withWorkers(1).withReuse(true)
                .withReuseKey("upgrade-refusal-" + UUID.randomUUID());
        try {
            reusable.start();
            List<String> containers = DockerResources.containersOf(reusable.getClusterId());
            long t0 = System.nanoTime();
            Throwable e = catchThrowable(() -> reusable.upgradeTo(to));
            System.out.printf("upgradeTo refusal (reusable cluster) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(e).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("upgradeTo(" + to + "): the cluster is a reusable one (withReuse(true))");
            assertThat(DockerResources.containersOf(reusable.getClusterId())).isEqualTo(containers);
        } finally {
            DockerResources.removeCluster(reusable.getClusterId());
        }
    }

    private static void assertRefused(ThrowingCallable call, Class<? extends Throwable> type, String... parts)
            throws SQLException {
        List<String> containers = DockerResources.containersOf(cluster.getClusterId());
        String url = cluster.getJdbcUrl();
        String version = citusVersionOnCoordinator();
        long t0 = System.nanoTime();
        Throwable e = catchThrowable(call);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("upgradeTo refusal (%s) in %d ms%n", parts[0], ms);
        assertThat(e).isInstanceOf(type).hasMessageStartingWith(parts[0]);
        for (String part : parts) {
            assertThat(e.getMessage()).contains(part);
        }
        assertThat(DockerResources.containersOf(cluster.getClusterId())).as("containers after the refusal")
                .isEqualTo(containers);
        assertThat(cluster.getJdbcUrl()).isEqualTo(url);
        assertThat(citusVersionOnCoordinator()).isEqualTo(version);
        assertThat(cluster.getBaseImage().asCanonicalNameString()).isEqualTo(from);
    }

    private static String citusVersionOnCoordinator() throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            return Sql.strings(c, "SELECT citus_version()").get(0);
        }
    }

    /** An image with the Citus of {@code base} declared but its library removed: its server cannot start. */
    static String brokenImage(String base) {
        String name = "localhost/citustestkit-test/citus-without-library:" + UUID.randomUUID().toString().substring(0, 8);
        new ImageFromDockerfile(name, false).withDockerfileFromBuilder(b -> b.from(base)
                .run("rm -f /usr/lib/postgresql/*/lib/citus.so").build()).get();
        return name;
    }

    static void removeImage(String name) {
        try {
            DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
