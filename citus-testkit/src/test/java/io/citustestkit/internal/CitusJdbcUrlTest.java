package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.utility.DockerImageName;

class CitusJdbcUrlTest {

    /** What parsing {@code jdbc:tc:citus:13.2.0:///app?<query>} throws. */
    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String query) {
        return assertThatThrownBy(() -> CitusJdbcUrl.parse("jdbc:tc:citus:13.2.0:///app?" + query))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTagNamesTheCitusImageAndTheParametersTheCluster() {
        CitusJdbcUrl url = CitusJdbcUrl.parse(
                "jdbc:tc:citus:14.0.0-pg17:///shop?TC_WORKERS=3&TC_SHARD_COUNT=8&TC_REUSABLE=true&sslmode=disable");

        assertThat(url.image()).contains(DockerImageName.parse("citusdata/citus:14.0.0-pg17"));
        assertThat(url.databaseName()).contains("shop");
        assertThat(url.workers()).hasValue(3);
        assertThat(url.shardCount()).hasValue(8);
        assertThat(url.reusable()).isTrue();
    }

    @Test
    void whatTheUrlDoesNotSayIsLeftToTheContainersDefaults() {
        CitusJdbcUrl url = CitusJdbcUrl.parse("jdbc:tc:citus:///test");

        assertThat(url.image()).isEmpty();
        assertThat(url.workers()).isEmpty();
        assertThat(url.shardCount()).isEmpty();
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
        assertThat(url.reusable()).isFalse();
    }

    @Test
    void userAndPasswordComeFromTheQueryAsForPostgresql() {
        CitusJdbcUrl url = CitusJdbcUrl.parse("jdbc:tc:citus:13.2.0:///app?user=alice&password=s3cret&TC_WORKERS=0");

        assertThat(url.user()).contains("alice");
        assertThat(url.password()).contains("s3cret");
        assertThat(url.workers()).hasValue(0);
    }

    @Test
    void standardParametersThatTheDriverCarriesOutAreAccepted() {
        CitusJdbcUrl url = CitusJdbcUrl.parse("jdbc:tc:citus:13.2.0:///app?TC_INITSCRIPT=jdbcurl/orders.sql"
                + "&TC_INITFUNCTION=com.example.Db::init&TC_DAEMON=TRUE");

        assertThat(url.databaseName()).contains("app");
    }

    @Test
    void anInitScriptMayBeAFileUrl(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("schema.sql"), "SELECT 1;");

        assertThat(CitusJdbcUrl.parse("jdbc:tc:citus:13.2.0:///app?TC_INITSCRIPT=file:" + script).databaseName())
                .contains("app");
        refused("TC_INITSCRIPT=file:" + dir.resolve("nope.sql"))
                .hasMessageContaining("TC_INITSCRIPT was \"file:" + dir.resolve("nope.sql") + "\", which was not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "-1", "33", "2.5", "99999999999"})
    void workersOutsideTheRangeAreRefusedWithWhatIsAllowed(String workers) {
        refused("TC_WORKERS=" + workers)
                .hasMessage("TC_WORKERS was \"" + workers + "\" in the jdbc:tc:citus URL; allowed: a whole number 0..32");
    }

    @Test
    void aShardCountBelowOneIsRefused() {
        refused("TC_SHARD_COUNT=0")
                .hasMessage("TC_SHARD_COUNT was \"0\" in the jdbc:tc:citus URL; allowed: a whole number 1..64000");
    }

    @Test
    void flagsAreTrueOrFalse() {
        refused("TC_DAEMON=yes")
                .hasMessage("TC_DAEMON was \"yes\" in the jdbc:tc:citus URL; allowed: true or false");
        refused("TC_REUSABLE=1")
                .hasMessage("TC_REUSABLE was \"1\" in the jdbc:tc:citus URL; allowed: true or false");
    }

    @Test
    void aMissingInitScriptIsNamedBeforeAnythingStarts() {
        refused("TC_INITSCRIPT=no/such.sql")
                .hasMessage("TC_INITSCRIPT was \"no/such.sql\", which was not found;"
                        + " allowed: a classpath resource or a file: URL of an SQL script");
    }

    @Test
    void anInitFunctionIsAClassAndAMethod() {
        refused("TC_INITFUNCTION=init")
                .hasMessage("TC_INITFUNCTION was \"init\" in the jdbc:tc:citus URL;"
                        + " allowed: a public static method taking a java.sql.Connection, as com.example.Db::init");
    }

    @Test
    void anUnknownOrMisspelledParameterIsRefusedWithTheKnownOnes() {
        refused("TC_WORKER=2")
                .hasMessage("jdbc:tc:citus URL parameter was TC_WORKER; allowed: TC_WORKERS, TC_SHARD_COUNT,"
                        + " TC_INITSCRIPT, TC_INITFUNCTION, TC_DAEMON, TC_REUSABLE");
        refused("tc_workers=2")
                .hasMessageStartingWith("jdbc:tc:citus URL parameter was tc_workers; allowed: TC_WORKERS,");
    }

    @Test
    void tmpfsIsRefusedWithTheReason() {
        refused("TC_TMPFS=/data:rw")
                .hasMessageContaining("parameter was TC_TMPFS")
                .hasMessageContaining("would cover the coordinator only");
    }

    @Test
    void aParameterWithoutValueOrGivenTwiceIsRefused() {
        refused("TC_WORKERS=&sslmode=disable")
                .hasMessage("TC_WORKERS in the jdbc:tc:citus URL has no value; allowed: a whole number 0..32");
        refused("TC_WORKERS=1&TC_WORKERS=2")
                .hasMessage("TC_WORKERS is given more than once in the jdbc:tc:citus URL; allowed: once");
    }

    @Test
    void anotherDatabaseTypeOrABadTagIsRefused() {
        assertThatThrownBy(() -> CitusJdbcUrl.parse("jdbc:tc:postgresql:17:///app"))
                .hasMessageStartingWith("database type of the JDBC URL was \"postgresql\"; allowed: citus");
        assertThatThrownBy(() -> CitusJdbcUrl.imageFor("13.2.0/evil"))
                .hasMessageStartingWith("image tag of the jdbc:tc:citus URL was \"13.2.0/evil\"; allowed: a tag of citusdata/citus");
    }
}
