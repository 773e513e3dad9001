package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.JdbcDatabaseContainerProvider;
import org.testcontainers.jdbc.ConnectionUrl;

class CitusClusterContainerProviderTest {

    private final CitusClusterContainerProvider provider = new CitusClusterContainerProvider();

    @Test
    void testcontainersFindsTheProviderForCitusUrls() {
        var supportingCitus = ServiceLoader.load(JdbcDatabaseContainerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.supports("citus"))
                .collect(Collectors.toList());

        assertThat(supportingCitus).singleElement().isInstanceOf(CitusClusterContainerProvider.class);
        assertThat(provider.supports("postgresql")).isFalse();
    }

    @Test
    void theUrlConfiguresTheCluster() {
        JdbcDatabaseContainer<?> cluster = provider.newInstance(
                ConnectionUrl.newInstance("jdbc:tc:citus:13.2.0:///shop?user=alice&password=s3cret&TC_WORKERS=1"));

        assertThat(cluster).isInstanceOf(CitusClusterContainer.class);
        assertThat(cluster.getDatabaseName()).isEqualTo("shop");
        assertThat(cluster.getUsername()).isEqualTo("alice");
        assertThat(cluster.getPassword()).isEqualTo("s3cret");
    }

    @Test
    void aBadValueFailsBeforeAContainerIsMade() {
        assertThatThrownBy(() -> provider.newInstance(
                ConnectionUrl.newInstance("jdbc:tc:citus:13.2.0:///shop?TC_SHARD_COUNT=many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TC_SHARD_COUNT was \"many\" in the jdbc:tc:citus URL; allowed: a whole number 1..64000");
    }
}
