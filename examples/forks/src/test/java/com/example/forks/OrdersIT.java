package com.example.forks;

import static io.citustestkit.assertj.CitusAssertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.DisabledWithoutCitusImage;
import org.junit.jupiter.api.Test;

/** One of the suite's classes: Failsafe runs it in one of its two forks; the fork's cluster is its own. */
@DisabledWithoutCitusImage
class OrdersIT {

    @Test
    void theClusterOfThisForkIsNoOtherForks() throws Exception {
        CitusClusterContainer cluster = ForkCluster.CLUSTER;
        assertThat(ForkCluster.fork()).as("Failsafe's fork").matches("fork-[0-9]+");

        assertThat(ForkCluster.markAndListForks(getClass().getSimpleName()))
                .as("forks that ever used this cluster").containsExactly(ForkCluster.fork());
        assertThat(cluster).hasActiveWorkers(2);
        if (Boolean.getBoolean("forks.reuse")) {
            assertThat(cluster.getReuseKey()).isEqualTo(ForkCluster.fork());
            assertThat(cluster.getClusterId()).startsWith("reuse-");
        } else {
            assertThat(cluster.getClusterId()).doesNotStartWith("reuse-");
        }
    }
}
