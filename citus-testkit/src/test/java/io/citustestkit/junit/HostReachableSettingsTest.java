package io.citustestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.ClusterConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code @CitusCluster(hostReachableNodes)}: part of what makes two clusters the same, passed to the container. */
class HostReachableSettingsTest {

    @CitusCluster(hostReachableNodes = true)
    static class Reachable {}

    @CitusCluster
    static class Default {}

    private static ClusterSettings settingsOf(Class<?> c) {
        return ClusterSettings.of(c.getAnnotation(CitusCluster.class), c, k -> Optional.empty());
    }

    @Test
    void hostReachableClustersAreNotSharedWithDefaultOnes() {
        assertThat(settingsOf(Reachable.class)).isNotEqualTo(settingsOf(Default.class))
                .isEqualTo(settingsOf(Reachable.class));
        assertThat(settingsOf(Reachable.class).toString()).contains("hostReachableNodes = true");
        assertThat(settingsOf(Default.class).toString()).doesNotContain("hostReachableNodes");
    }

    @Test
    void aReusableHostReachableClusterIsAnotherOneThanTheDefault() {
        String key = "citusdata/citus:13.2.0|";
        assertThat(new ClusterConfig().hostReachableNodes(true).settingsHash(key))
                .isNotEqualTo(new ClusterConfig().settingsHash(key));
        assertThat(new ClusterConfig().hostReachableNodes(false).settingsHash(key))
                .isEqualTo(new ClusterConfig().settingsHash(key));
    }
}
