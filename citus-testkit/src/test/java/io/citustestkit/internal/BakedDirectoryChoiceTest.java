package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Which clusters run on the tuned image's baked data directory in place: any credentials the image can apply to it
 * at the first start; names the image leaves to initdb (entrypoint.d/lib.sh, ctk_credentials_not_adaptable) do not.
 */
class BakedDirectoryChoiceTest {

    @Test
    void theDefaultAndOwnCredentialsUseTheBakedDirectory() {
        assertThat(new ClusterConfig().usesBakedDirectory()).isTrue();
        assertThat(new ClusterConfig().username("ads_app").password("s3cret").databaseName("ads").usesBakedDirectory())
                .isTrue();
        assertThat(new ClusterConfig().username("Ads App's").password("p'w\\\"ü").databaseName("postgres")
                .usesBakedDirectory()).isTrue();
    }

    @Test
    void thePlainImageNeverDoes() {
        assertThat(new ClusterConfig().tunedImage(false).usesBakedDirectory()).isFalse();
    }

    @Test
    void namesInitdbRefusesOrTreatsDifferentlyRunInitdb() {
        assertThat(new ClusterConfig().username("pg_app").usesBakedDirectory()).as("a user pg_*").isFalse();
        assertThat(new ClusterConfig().databaseName("template1").usesBakedDirectory()).as("a template").isFalse();
        assertThat(new ClusterConfig().databaseName("template0").usesBakedDirectory()).as("a template").isFalse();
        // 32 characters of two bytes each: within 63 characters, but 64 bytes (PostgreSQL cuts names at 63 bytes)
        String longInBytes = "ü".repeat(32);
        assertThat(new ClusterConfig().username(longInBytes).usesBakedDirectory()).as("a 64-byte user").isFalse();
        assertThat(new ClusterConfig().databaseName(longInBytes).usesBakedDirectory()).as("a 64-byte db").isFalse();
        assertThat(new ClusterConfig().username("x\ry").usesBakedDirectory()).as("a carriage return").isFalse();
    }

    @Test
    void aNodeWhoseOwnSettingsNeedInitdbDoesNotRunInPlace() {
        ClusterConfig config = new ClusterConfig().username("ads_app").password("s3cret").databaseName("ads");
        assertThat(InPlaceDataDirectory.possible(config, node())).isTrue();
        assertThat(InPlaceDataDirectory.possible(config, node().withEnv("POSTGRES_INITDB_ARGS", "--no-sync -N")))
                .as("--no-sync changes nothing in the directory").isTrue();
        assertThat(InPlaceDataDirectory.possible(config, node().withEnv("POSTGRES_INITDB_ARGS", "--no-sync -k")))
                .as("checksums").isFalse();
        assertThat(InPlaceDataDirectory.possible(config, node().withEnv("TZ", "Europe/Berlin"))).as("TZ").isFalse();
        assertThat(InPlaceDataDirectory.possible(config, node().withEnv("LC_COLLATE", "C"))).as("LC_*").isFalse();
        assertThat(InPlaceDataDirectory.possible(config, node().withEnv("POSTGRES_INITDB_WALDIR", "/wal")))
                .as("a WAL directory").isFalse();
        assertThat(InPlaceDataDirectory.possible(config, node().withFileSystemBind("/tmp/x.sql",
                "/docker-entrypoint-initdb.d/x.sql"))).as("an init script").isFalse();
        assertThat(InPlaceDataDirectory.possible(config.tunedImage(false), node())).as("plain image").isFalse();
    }

    private static GenericContainer<?> node() {
        return new GenericContainer<>(DockerImageName.parse("citusdata/citus:13.2.0"));
    }
}
