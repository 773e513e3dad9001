package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A bad value of any CITUS_* variable stops the container at once with one line naming it. */
class ImageValidationIT {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("CITUS_ENABLE", "CITUS_ENABLE is \"yes\"; allowed: true, false", new String[] {"CITUS_ENABLE", "yes"}),
                Arguments.of("CITUS_ROLE", "CITUS_ROLE is \"master\"; allowed: standalone, coordinator, worker", new String[] {"CITUS_ROLE", "master"}),
                Arguments.of("CITUS_PROFILE", "CITUS_PROFILE is \"fast\"; allowed: test, default", new String[] {"CITUS_PROFILE", "fast"}),
                Arguments.of("CITUS_COORDINATOR_PORT", "CITUS_COORDINATOR_PORT is \"abc\"; allowed: a whole number from 1 to 65535", new String[] {"CITUS_ROLE", "worker", "CITUS_COORDINATOR_PORT", "abc"}),
                Arguments.of("CITUS_COORDINATOR_PORT", "CITUS_COORDINATOR_PORT is \"70000\"; allowed: a whole number from 1 to 65535", new String[] {"CITUS_COORDINATOR_PORT", "70000"}),
                Arguments.of("CITUS_EXPECTED_WORKERS", "CITUS_EXPECTED_WORKERS is \"-1\"; allowed: a whole number from 0 to 10000", new String[] {"CITUS_ROLE", "coordinator", "CITUS_EXPECTED_WORKERS", "-1"}),
                Arguments.of("CITUS_EXPECTED_WORKERS", "CITUS_EXPECTED_WORKERS is \"2\" but CITUS_ROLE is worker; allowed: 0 unless CITUS_ROLE=coordinator", new String[] {"CITUS_ROLE", "worker", "CITUS_EXPECTED_WORKERS", "2"}),
                Arguments.of("CITUS_SHARD_COUNT", "CITUS_SHARD_COUNT is \"0\"; allowed: a whole number from 1 to 64000", new String[] {"CITUS_SHARD_COUNT", "0"}),
                Arguments.of("CITUS_SHARD_COUNT", "CITUS_SHARD_COUNT is \"many\"; allowed: a whole number from 1 to 64000", new String[] {"CITUS_SHARD_COUNT", "many"}),
                Arguments.of("CITUS_COORDINATOR_HOST", "CITUS_COORDINATOR_HOST is \"bad host\"; allowed: a host name or IP address (letters, digits, '.', '-', ':')", new String[] {"CITUS_ROLE", "worker", "CITUS_COORDINATOR_HOST", "bad host"}),
                Arguments.of("CITUS_COORDINATOR_HOST", "CITUS_COORDINATOR_HOST is set but CITUS_ROLE is standalone; allowed: unset unless CITUS_ROLE is worker or coordinator", new String[] {"CITUS_COORDINATOR_HOST", "coordinator"}),
                Arguments.of("CITUS_NODE_HOST", "CITUS_NODE_HOST is \"-x\"; allowed: a host name or IP address (letters, digits, '.', '-', ':')", new String[] {"CITUS_ROLE", "worker", "CITUS_NODE_HOST", "-x"}),
                Arguments.of("CITUS_ROLE", "CITUS_ROLE is \"worker\" but CITUS_ENABLE is false; allowed with CITUS_ENABLE=false: standalone", new String[] {"CITUS_ENABLE", "false", "CITUS_ROLE", "worker"}));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badValues")
    void stopsAtOnceWithOneLineNamingTheVariable(String variable, String message, String[] env) {
        ImageNode.Builder builder = ImageNode.builder(ImageNode.tunedImage());
        for (int i = 0; i < env.length; i += 2) {
            builder.env(env[i], env[i + 1]);
        }
        try (ImageNode node = builder.start()) {
            long exitCode = node.awaitExit(Duration.ofSeconds(20));

            assertThat(exitCode).as("exit code with %s", Arrays.toString(env)).isEqualTo(1);
            String logs = node.logs().trim();
            assertThat(logs).as("the whole output").isEqualTo("citus-testkit: " + message);
            assertThat(logs).contains(variable).doesNotContain("\n");
        }
    }
}
