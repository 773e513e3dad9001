package com.example.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CitusLauncherTest {

    @Test
    void defaultsAreTwoWorkersTheDefaultImageAndARandomPort() throws Exception {
        CitusLauncher.Options o = CitusLauncher.parse(new String[0]);
        assertThat(o.workers()).isEqualTo(2);
        assertThat(o.image()).isEqualTo("citusdata/citus:13.2.0");
        assertThat(o.port()).isNull();
    }

    @Test
    void flagsAreRead() throws Exception {
        CitusLauncher.Options o = CitusLauncher.parse(
                new String[] {"--workers", "3", "--image", "citusdata/citus:14.0.0", "--port", "5433"});
        assertThat(o).isEqualTo(new CitusLauncher.Options(3, "citusdata/citus:14.0.0", 5433));
    }

    @Test
    void hostReachableIsAFlagWithoutValueAndExcludesAFixedPort() throws Exception {
        assertThat(CitusLauncher.parse(new String[] {"--host-reachable", "--workers", "1"}))
                .isEqualTo(new CitusLauncher.Options(1, "citusdata/citus:13.2.0", null, true));
        assertThat(CitusLauncher.parse(new String[0]).hostReachable()).isFalse();
        assertThatThrownBy(() -> CitusLauncher.parse(new String[] {"--host-reachable", "--port", "5433"}))
                .hasMessage("--port was 5433 with --host-reachable; allowed: one of them (host-reachable nodes get"
                        + " fixed host ports of their own, printed at start)");
    }

    @Test
    void helpAsksForUsage() throws Exception {
        assertThat(CitusLauncher.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> CitusLauncher.parse(new String[] {"--wokers", "3"}))
                .hasMessage("unknown option --wokers");
        assertThatThrownBy(() -> CitusLauncher.parse(new String[] {"--workers", "33"}))
                .hasMessage("--workers was 33; allowed: 0..32");
        assertThatThrownBy(() -> CitusLauncher.parse(new String[] {"--port", "x"}))
                .hasMessage("--port was x; allowed: 1..65535");
        assertThatThrownBy(() -> CitusLauncher.parse(new String[] {"--image"}))
                .hasMessage("--image needs a value");
    }
}
