package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docker run} of the tuned image with its own POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB: the data
 * directory made at build time gets those credentials at the first start (no initdb), nothing of the baked ones
 * (test/test/test) works afterwards, and no secret reaches the logs or labels. Settings that change the data
 * directory itself still run initdb.
 */
class OwnCredentialsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Quotes, a backslash, a line break, a non-ASCII letter and an ampersand: every quoting rule at once. */
    private static final String TRICKY_PASSWORD = "s3'cr\\et \"ü\" &\nline;";
    private static final String TRICKY_USER = "Ads \"App'";
    private static final String TRICKY_DATABASE = "Ads-DB";

    static Stream<String> images() {
        return TestImages.lines().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void ownCredentialsAreAppliedToTheBakedDirectoryWithoutInitdb(String base) throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage(base)).env("POSTGRES_USER", TRICKY_USER)
                .env("POSTGRES_PASSWORD", TRICKY_PASSWORD).env("POSTGRES_DB", TRICKY_DATABASE).start()) {
            List<String> authFailures = node.awaitConnectable(TRICKY_USER, TRICKY_PASSWORD, TRICKY_DATABASE, TIMEOUT);

            assertThat(authFailures).as("authentication failures on TCP while the node started").isEmpty();
            assertThat(node.logs()).contains("fast start").doesNotContain("initdb");
            assertThat(systemIdentifier(node)).as("the data directory is a copy of the baked one")
                    .isEqualTo(bakedSystemIdentifier(node));
            assertThat(node.queryOne("SELECT current_user || '@' || current_database()"))
                    .isEqualTo(TRICKY_USER + "@" + TRICKY_DATABASE);
            assertThat(node.queryOne("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo("1");
            assertBakedCredentialsRefused(node);
            node.awaitHealthy(TIMEOUT);
            assertNoSecretShown(node, TRICKY_PASSWORD);
        }
    }

    @Test
    void onlyAPasswordGivesTheOfficialDefaultsUserAndDatabasePostgres() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_USER", null)
                .env("POSTGRES_DB", null).env("POSTGRES_PASSWORD", "only-pw").start()) {
            List<String> authFailures = node.awaitConnectable("postgres", "only-pw", "postgres", TIMEOUT);

            assertThat(authFailures).isEmpty();
            assertThat(node.logs()).contains("fast start").doesNotContain("initdb");
            assertThat(node.queryOne("SELECT current_user || '@' || current_database()")).isEqualTo("postgres@postgres");
            assertThat(node.queryOne("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isEqualTo("1");
            assertThat(node.query("SELECT datname FROM pg_database WHERE datname = 'test'")).isEmpty();
            assertBakedCredentialsRefused(node);
            node.awaitHealthy(TIMEOUT);
            // a restart finds its data directory as it left it: nothing is copied or applied again
            node.restartKeepingARow(TIMEOUT);
            assertThat(node.logs().split("fast start", -1)).as("fast starts in the log").hasSize(2);
        }
    }

    @Test
    void aPasswordFileWorksAsWithTheOfficialImage(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "from-a-file", StandardCharsets.UTF_8);
        secret.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_USER", "ads_app")
                .env("POSTGRES_PASSWORD", null).env("POSTGRES_PASSWORD_FILE", "/run/secrets/pw").env("POSTGRES_DB", "ads")
                .bind(secret.toAbsolutePath() + ":/run/secrets/pw:ro").start()) {
            List<String> authFailures = node.awaitConnectable("ads_app", "from-a-file", "ads", TIMEOUT);

            assertThat(authFailures).isEmpty();
            assertThat(node.logs()).contains("fast start").doesNotContain("initdb").doesNotContain("from-a-file");
            assertBakedCredentialsRefused(node, "ads_app", "from-a-file", "ads");
        }
    }

    @Test
    void initdbArgsOfOnlyNoSyncStillSkipInitdb() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_USER", "ads_app")
                .env("POSTGRES_PASSWORD", "s3cret").env("POSTGRES_DB", "ads")
                .env("POSTGRES_INITDB_ARGS", "--no-sync -N").start()) {
            node.awaitConnectable("ads_app", "s3cret", "ads", TIMEOUT);

            assertThat(node.logs()).contains("fast start").doesNotContain("initdb");
            assertThat(systemIdentifier(node)).isEqualTo(bakedSystemIdentifier(node));
            node.awaitHealthy(TIMEOUT);
        }
    }

    @Test
    void initdbArgsThatChangeTheDirectoryRunInitdb() throws Exception {
        // the baked directory has 1 MB WAL segments; initdb's default is 16 MB
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_USER", "ads_app")
                .env("POSTGRES_PASSWORD", "s3cret").env("POSTGRES_DB", "ads")
                .env("POSTGRES_INITDB_ARGS", "--no-sync --wal-segsize=2").start()) {
            node.awaitConnectable("ads_app", "s3cret", "ads", TIMEOUT);

            assertThat(node.logs()).contains("first start").doesNotContain("fast start");
            assertThat(node.queryOne("SHOW wal_segment_size")).isEqualTo("2MB");
            assertThat(systemIdentifier(node)).isNotEqualTo(bakedSystemIdentifier(node));
            node.awaitHealthy(TIMEOUT);
        }
    }

    @Test
    void hostAuthTrustWithoutPasswordTakesTheFastPathToo() throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_USER", null)
                .env("POSTGRES_DB", null).env("POSTGRES_PASSWORD", null).env("POSTGRES_HOST_AUTH_METHOD", "trust")
                .start()) {
            node.awaitConnectable("postgres", "anything", "postgres", TIMEOUT);

            assertThat(node.logs()).contains("fast start").doesNotContain("initdb");
            assertThat(node.queryOne("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = current_user"))
                    .as("no password stored, as initdb leaves it").isEqualTo("t");
            node.awaitHealthy(TIMEOUT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void inPlaceWithOwnCredentialsKeepsThemAndTheDataOverARestart(String base) throws Exception {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage(base)).env("PGDATA", TunedImages.BAKED_DATA_DIRECTORY)
                .env("POSTGRES_USER", "ads_app").env("POSTGRES_PASSWORD", "s3cret").env("POSTGRES_DB", "ads").start()) {
            List<String> authFailures = node.awaitConnectable("ads_app", "s3cret", "ads", TIMEOUT);
            assertThat(authFailures).isEmpty();
            assertThat(node.logs()).contains("used in place").doesNotContain("initdb").doesNotContain("copied");
            node.awaitHealthy(TIMEOUT);
            node.restartKeepingARow(TIMEOUT);
            assertBakedCredentialsRefused(node);
            assertNoSecretShown(node, "s3cret");
        }
    }

    @Test
    void inPlaceWithANameInitdbWouldRefuseStopsWithTheReason() {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("PGDATA", TunedImages.BAKED_DATA_DIRECTORY)
                .env("POSTGRES_USER", "pg_app").env("POSTGRES_PASSWORD", "s3cret").start()) {
            long exitCode = node.awaitExit(Duration.ofSeconds(20));

            assertThat(exitCode).isEqualTo(1);
            assertThat(node.logs()).contains("PGDATA is " + TunedImages.BAKED_DATA_DIRECTORY)
                    .contains("POSTGRES_USER starts with pg_").doesNotContain("s3cret");
        }
    }

    @Test
    void aNameInitdbRefusesGetsInitdbsOwnRefusal() {
        try (ImageNode node = ImageNode.builder(ImageNode.tunedImage()).env("POSTGRES_USER", "pg_app")
                .env("POSTGRES_PASSWORD", "s3cret").start()) {
            long exitCode = node.awaitExit(Duration.ofSeconds(60));

            assertThat(exitCode).isNotZero();
            assertThat(node.logs()).contains("initdb runs").contains("\"pg_app\" is disallowed").doesNotContain("s3cret");
        }
    }

    /** The data directory's system identifier: initdb makes a new one, a copy keeps the baked one. */
    private static String systemIdentifier(ImageNode node) throws SQLException {
        return node.queryOne("SELECT system_identifier::text FROM pg_control_system()");
    }

    private static String bakedSystemIdentifier(ImageNode node) throws InterruptedException {
        String out = node.exec("pg_controldata", TunedImages.BAKED_DATA_DIRECTORY);
        return out.lines().filter(l -> l.startsWith("Database system identifier:")).map(l -> l.split(":", 2)[1].trim())
                .findFirst().orElseThrow(() -> new AssertionError("pg_controldata said:\n" + out));
    }

    /** test/test/test no longer connects over TCP (with a password check), and no role test is left. */
    private static void assertBakedCredentialsRefused(ImageNode node) throws SQLException {
        try (Connection asOwner = node.connect()) {
            assertBakedCredentialsRefused(node, asOwner);
        }
    }

    private static void assertBakedCredentialsRefused(ImageNode node, String user, String password, String database)
            throws SQLException {
        try (Connection asOwner = node.connect(user, password, database)) {
            assertBakedCredentialsRefused(node, asOwner);
        }
    }

    private static void assertBakedCredentialsRefused(ImageNode node, Connection asOwner) throws SQLException {
        assertThatThrownBy(() -> node.connect("test", "test", "test").close()).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "28000"));
        try (Statement s = asOwner.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'test'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("roles named test").isZero();
        }
    }

    private static void assertNoSecretShown(ImageNode node, String password) {
        String firstLine = password.lines().findFirst().orElseThrow();
        assertThat(node.logs()).doesNotContain(firstLine);
        assertThat(node.inspect().getConfig().getLabels().values()).noneMatch(v -> v.contains(firstLine));
    }

}
