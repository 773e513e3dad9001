package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which images the kit starts itself, and that the start script is valid bash. */
class PlainImageStartTest {

    @Test
    void onlyTheOfficialEntrypointWithThePostgresCommandIsReplaced() {
        assertThat(PlainImageStart.supports(List.of("docker-entrypoint.sh"), List.of("postgres"))).isTrue();
        // the same script under another name, another command, an entrypoint of its own: started their own way
        assertThat(PlainImageStart.supports(List.of("/usr/local/bin/docker-entrypoint.sh"), List.of("postgres")))
                .isFalse();
        assertThat(PlainImageStart.supports(List.of("docker-entrypoint.sh"), List.of("patroni"))).isFalse();
        assertThat(PlainImageStart.supports(List.of("tini", "--", "docker-entrypoint.sh"), List.of("postgres")))
                .isFalse();
    }

    @Test
    void theStartScriptParsesAsBash() throws Exception {
        Process bash = new ProcessBuilder("bash", "-n", "-c", PlainImageStart.SCRIPT).redirectErrorStream(true).start();
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(PlainImageStart.SCRIPT).contains("echo '" + PlainImageStart.READY_LINE + "'");
    }
}
