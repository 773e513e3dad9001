package io.citustestkit.assertj;

import static io.citustestkit.assertj.CitusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusClusterContainer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Misuse of the assertions, without Docker: a cluster that was never started, blank names. */
class CitusAssertionsTest {

    final CitusClusterContainer notStarted = new CitusClusterContainer();

    @Test
    void aClusterThatWasNeverStartedIsMisuseNotAFailedAssertion() {
        assertThatThrownBy(() -> assertThat(notStarted).hasActiveWorkers(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("hasActiveWorkers needs a started cluster; call start() first"
                        + " (or let @Container / @CitusCluster start it)");
        assertThatThrownBy(() -> assertThat(notStarted).table("orders").isDistributed())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("table(\"orders\") needs a started cluster");
        assertThatThrownBy(() -> assertThat(notStarted).query("SELECT 1").isRouterQuery())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("query(\"SELECT 1\") needs a started cluster");
    }

    @Test
    void aNullClusterFailsLikeAnyAssertJNullActual() {
        assertThatThrownBy(() -> assertThat((CitusClusterContainer) null).hasActiveWorkers(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }

    @Test
    void blankNamesAndStatementsAreRejected() {
        assertThatThrownBy(() -> assertThat(notStarted).table(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table name was blank (\" \"); allowed: a non-blank string");
        assertThatThrownBy(() -> assertThat(notStarted).query(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sql was null; allowed: a non-blank string");
        assertThatThrownBy(() -> assertThat(notStarted).table("orders").hasDistributionColumn(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column was blank");
        assertThatThrownBy(() -> assertThat(notStarted).table("orders").hasShardCount(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected shard count was -1; allowed: 0..");
    }

    @Test
    void queryParametersKeepOrderAndNulls() {
        ClusterQuery q = new ClusterQuery(notStarted, "SELECT ?", Arrays.asList(1L, null, "x"));

        assertThat(q.params()).containsExactly(1L, null, "x");
        assertThat(new ClusterQuery(notStarted, "SELECT 1", null).params()).isEmpty();
        assertThat(q.toString()).startsWith("query SELECT ? with parameters [1, null, x]");
        assertThat(new ClusterTable(notStarted, "app.orders").toString()).startsWith("table app.orders in Citus cluster");
    }
}
