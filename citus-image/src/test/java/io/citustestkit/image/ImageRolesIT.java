package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.utility.DockerImageName;

/** Every role and CITUS_ENABLE value reaches healthy, with the state a user sees in SQL. */
class ImageRolesIT {

    private static final Duration HEALTHY = Duration.ofSeconds(90);

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "coordinator", "worker"})
    void eachRoleBecomesHealthyWithCitusLoaded(String role) throws Exception {
        DockerImageName image = ImageNode.tunedImage();
        try (ImageNode node = ImageNode.builder(image).env("CITUS_ROLE", role).start()) {
            node.awaitHealthy(HEALTHY);

            assertThat(node.queryOne("SHOW citus_testkit.role")).isEqualTo(role);
            assertThat(node.queryOne("SHOW shared_preload_libraries")).contains("citus");
            assertThat(node.query("SELECT extname FROM pg_extension")).contains("citus");
            assertThat(node.queryOne("SELECT citus_version()")).startsWith("Citus");
            if (role.equals("coordinator")) {
                // the coordinator records itself in pg_dist_node (group 0) shortly after it starts
                ImageNode.await("coordinator host recorded", HEALTHY,
                        () -> quietly(() -> node.query("SELECT nodename FROM pg_dist_node WHERE groupid = 0").size() == 1));
            } else {
                assertThat(node.query("SELECT nodename FROM pg_dist_node")).isEmpty();
            }
        }
    }

    @Test
    void citusDisabledIsPlainPostgresql() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("CITUS_ENABLE", "false").start()) {
            node.awaitHealthy(HEALTHY);

            assertThat(node.queryOne("SHOW shared_preload_libraries")).doesNotContain("citus");
            assertThat(node.query("SELECT extname FROM pg_extension")).doesNotContain("citus");
            assertThat(node.queryOne("SHOW citus_testkit.role")).isEqualTo("standalone");
        }
    }

    @Test
    void testProfileTurnsDurabilityOffAndDefaultProfileKeepsIt() throws Exception {
        DockerImageName image = ImageNode.tunedImage();
        try (ImageNode test = ImageNode.builder(image).env("CITUS_SHARD_COUNT", "7").start();
                ImageNode durable = ImageNode.builder(image).env("CITUS_PROFILE", "default").start()) {
            test.awaitHealthy(HEALTHY);
            durable.awaitHealthy(HEALTHY);

            assertThat(test.query("SELECT setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit',"
                    + " 'full_page_writes') ORDER BY name")).containsExactly("off", "off", "off");
            assertThat(test.queryOne("SHOW citus.shard_count")).isEqualTo("7");
            assertThat(durable.query("SELECT setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit',"
                    + " 'full_page_writes') ORDER BY name")).containsExactly("on", "on", "on");
            assertThat(durable.queryOne("SHOW citus_testkit.profile")).isEqualTo("default");
        }
    }

    @Test
    void serverRunsAsPostgresAndRefusesAWrongPassword() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).start()) {
            node.awaitHealthy(HEALTHY);

            assertThat(node.exec("ps", "-o", "user=", "-p", "1").trim()).isEqualTo("postgres");
            assertThat(node.query("SELECT DISTINCT usename FROM pg_stat_activity WHERE usename IS NOT NULL"))
                    .doesNotContain("root");
            assertThatThrownBy(() -> node.connect(ImageNode.USER, "wrong", ImageNode.DATABASE).close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThat(node.queryOne("SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' AND address = 'all'")).isEqualTo("scram-sha-256");
        }
    }

    @Test
    void noPasswordInLabelsOrLogs() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_PASSWORD", "s3cret-Pw").start()) {
            node.awaitHealthy(HEALTHY);

            assertThat(node.logs()).doesNotContain("s3cret-Pw");
            assertThat(node.inspect().getConfig().getLabels().toString()).doesNotContain("s3cret-Pw");
            assertThat(node.inspect().getConfig().getLabels()).containsKeys("org.opencontainers.image.title",
                    "org.opencontainers.image.version", "org.opencontainers.image.source",
                    "org.opencontainers.image.licenses", "org.opencontainers.image.base.name");
        }
    }

    interface SqlCheck {
        boolean get() throws Exception;
    }

    static boolean quietly(SqlCheck check) {
        try {
            return check.get();
        } catch (Exception e) {
            return false;
        }
    }
}
