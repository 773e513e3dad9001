package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeAddressingTest {

    private final NodeAddressing addressing = NodeAddressing.networkAliases();

    @Test
    void nodesAreNamedCoordinatorAndWorkerNFromOne() {
        assertThat(addressing.networkAliasOfCoordinator()).isEqualTo("coordinator");
        assertThat(addressing.networkAliasOfWorker(1)).isEqualTo("worker-1");
        assertThat(addressing.networkAliasOfWorker(12)).isEqualTo("worker-12");
        assertThatThrownBy(() -> addressing.networkAliasOfWorker(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("worker ordinal was 0; allowed: 1 or more");
    }

    @Test
    void nodesAreRegisteredUnderTheirAliasOnPort5432() {
        assertThat(addressing.registeredHost("worker-3")).isEqualTo("worker-3");
        assertThat(addressing.registeredPort("worker-3")).isEqualTo(5432);
    }

    @Test
    void logTailKeepsTheLastLines() {
        StringBuilder logs = new StringBuilder();
        for (int i = 1; i <= 80; i++) {
            logs.append("line ").append(i).append('\n');
        }
        String tail = LogTail.last(logs.toString(), LogTail.LINES);
        assertThat(tail.lines()).hasSize(50).startsWith("line 31").endsWith("line 80");
        assertThat(LogTail.last("", 50)).isEqualTo("(no log output)");
    }
}
