package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data directory baked at build time is used when the settings that need initdb match it (other credentials are
 * applied to it, see OwnCredentialsIT); otherwise the official first-start path runs with the given settings, and
 * TCP opens only when they are in place.
 */
class FastStartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    static Stream<String> images() {
        return TestImages.lines().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void libraryDefaultsUseTheBakedDataDirectory(String base) throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage(base)).start()) {
            List<String> authFailures = node.awaitConnectable(ImageNode.USER, ImageNode.PASSWORD, ImageNode.DATABASE, TIMEOUT);

            assertThat(authFailures).isEmpty();
            assertThat(node.logs()).contains("fast start").doesNotContain("initdb");
            assertThat(node.queryOne("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo("1");
            assertThat(node.queryOne("SHOW data_directory")).isEqualTo(node.exec("printenv", "PGDATA").trim());
            node.awaitHealthy(TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void anotherPasswordIsAppliedNotIgnored(String base) throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage(base)).env("POSTGRES_PASSWORD", "other-pw").start()) {
            List<String> authFailures = node.awaitConnectable(ImageNode.USER, "other-pw", ImageNode.DATABASE, TIMEOUT);

            assertThat(authFailures).as("authentication failures on TCP while the node started").isEmpty();
            // the baked directory gets the password before the server starts (OwnCredentialsIT)
            assertThat(node.logs()).contains("fast start").doesNotContain("initdb");
            assertThatThrownBy(() -> node.connect(ImageNode.USER, ImageNode.PASSWORD, ImageNode.DATABASE).close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThat(node.queryOne("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo("1");
            node.awaitHealthy(TIMEOUT);
        }
    }

    @Test
    void everyCopyOfTheBakedDirectoryIsItsOwnCitusNode() throws Exception {
        try (ImageNode a = ImageNode.builder(ImageNode.tunedImage()).start();
                ImageNode b = ImageNode.builder(ImageNode.tunedImage()).start()) {
            a.awaitHealthy(TIMEOUT);
            b.awaitHealthy(TIMEOUT);

            // citus_add_node refuses a node whose server id equals the coordinator's own
            String sql = "SELECT metadata ->> 'server_id' FROM pg_dist_node_metadata";
            assertThat(a.queryOne(sql)).isNotBlank().isNotEqualTo(b.queryOne(sql));
        }
    }

    @Test
    void anotherUserAndDatabaseGetTheirOwnCluster() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_USER", "app")
                .env("POSTGRES_DB", "appdb").start()) {
            node.awaitHealthy(TIMEOUT);

            assertThat(node.queryOne("SELECT current_user || '@' || current_database()")).isEqualTo("app@appdb");
            assertThat(node.queryOne("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo("1");
            assertThat(node.query("SELECT rolname FROM pg_roles WHERE rolname = 'test'")).isEmpty();
        }
    }

    @Test
    void userInitScriptsRunOnFirstStart(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("900-tables.sql");
        Files.writeString(script, "CREATE TABLE from_init_script (id int);\n", StandardCharsets.UTF_8);
        script.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage())
                .bind(script.toAbsolutePath() + ":/docker-entrypoint-initdb.d/900-tables.sql:ro").start()) {
            node.awaitHealthy(TIMEOUT);

            assertThat(node.query("SELECT tablename FROM pg_tables WHERE tablename = 'from_init_script'")).hasSize(1);
            assertThat(node.logs()).contains("first start");
        }
    }

    @Test
    void restartKeepsTheData() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).start()) {
            node.awaitHealthy(TIMEOUT);
            node.restartKeepingARow(TIMEOUT);
        }
    }

    /** Where the image keeps the data directory initialised at build time (lib.sh, CTK_BAKED). */
    private static final String BAKED = io.citustestkit.internal.TunedImages.BAKED_DATA_DIRECTORY;

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void pgdataSetToTheBakedDirectoryUsesItInPlace(String base) throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage(base)).env("PGDATA", BAKED).start()) {
            List<String> authFailures = node.awaitConnectable(ImageNode.USER, ImageNode.PASSWORD, ImageNode.DATABASE, TIMEOUT);

            assertThat(authFailures).isEmpty();
            assertThat(node.logs()).contains("used in place").doesNotContain("initdb").doesNotContain("copied");
            assertThat(node.queryOne("SHOW data_directory")).isEqualTo(BAKED);
            assertThat(node.queryOne("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo("1");
            node.awaitHealthy(TIMEOUT);
        }
    }

    @Test
    void inPlaceNodesAreDistinctCitusNodesAndKeepTheirIdAndDataOverARestart() throws Exception {
        String sql = "SELECT metadata ->> 'server_id' FROM pg_dist_node_metadata";
        try (ImageNode a = ImageNode.builder(ImageNode.tunedImage()).env("PGDATA", BAKED).start();
                ImageNode b = ImageNode.builder(ImageNode.tunedImage()).env("PGDATA", BAKED).start()) {
            a.awaitHealthy(TIMEOUT);
            b.awaitHealthy(TIMEOUT);
            String idOfA = a.queryOne(sql);
            assertThat(idOfA).isNotBlank().isNotEqualTo(b.queryOne(sql));
            a.restartKeepingARow(TIMEOUT);
            assertThat(a.queryOne(sql)).isEqualTo(idOfA);
        }
        // a new container starts from the image's directory again, not from what another container wrote
        try (ImageNode fresh = ImageNode.builder(ImageNode.tunedImage()).env("PGDATA", BAKED).start()) {
            fresh.awaitHealthy(TIMEOUT);
            assertThat(fresh.query("SELECT 1 FROM pg_tables WHERE tablename = 'kept'")).isEmpty();
        }
    }

    @Test
    void pgdataSetToTheBakedDirectoryWithSettingsThatNeedInitdbStopsWithTheReason() {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("PGDATA", BAKED)
                .env("POSTGRES_PASSWORD", "other-pw").env("POSTGRES_INITDB_ARGS", "--data-checksums").start()) {
            long exitCode = node.awaitExit(Duration.ofSeconds(20));

            assertThat(exitCode).isEqualTo(1);
            assertThat(node.logs()).contains("PGDATA is " + BAKED).contains("settings that need initdb differ")
                    .contains("POSTGRES_INITDB_ARGS").doesNotContain("other-pw");
        }
    }
}
