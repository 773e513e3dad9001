package io.citustestkit.assertj;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasActiveWorkers(n)}: the count the coordinator sees, its active workers and what pg_dist_node holds. */
final class ShouldHaveActiveWorkers extends CitusErrorMessage {

    static ErrorMessageFactory shouldHaveActiveWorkers(int expected, List<String> active, List<String> registered) {
        return new ShouldHaveActiveWorkers(expected, active, registered);
    }

    private ShouldHaveActiveWorkers(int expected, List<String> active, List<String> registered) {
        super(parts("%nExpecting the Citus cluster%nto have ").append(workers(expected))
                .text("%nbut was:%n  ").append(workers(active.size())).text(" (citus_get_active_worker_nodes())")
                .lines("    ", active)
                .text("%nWorkers in pg_dist_node:")
                .lines("    ", registered.isEmpty() ? List.of("(none)") : registered));
    }

    private static Parts workers(int n) {
        return new Parts().value(n).text(n == 1 ? " active worker" : " active workers");
    }
}
