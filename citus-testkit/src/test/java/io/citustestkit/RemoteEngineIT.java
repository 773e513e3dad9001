package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.SuiteProcess;
import io.citustestkit.testsupport.TestImages;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster ITs against a Docker engine on "another host": a second dockerd in a network namespace of its own
 * ({@code src/test/scripts/remote-engine.sh}), reached at {@code tcp://10.x.y.2:2375} over a veth pair, holding the one
 * test image (loaded with {@code docker save | docker load}; the kit builds its tuned image there). The ITs run in a
 * JVM of their own with {@code DOCKER_HOST} set to it and no {@code TESTCONTAINERS_HOST_OVERRIDE}, so Testcontainers
 * takes the engine's address from {@code DOCKER_HOST}: the default mode's URLs and the host-reachable nodes' addresses
 * both use it. Skipped with the reason where the namespace or the engine cannot be made (not root, no dockerd).
 */
class RemoteEngineIT {

    /** The ITs run against the remote engine: the default mode, its address map, host-reachable nodes. */
    static final List<Class<?>> SUITE = List.of(ClusterIT.class, HostAddressMapIT.class, HostReachableIT.class);

    private static final Path SCRIPT = Path.of("src/test/scripts/remote-engine.sh");
    private static final long PID = ProcessHandle.current().pid();
    private static final String NAME = "ctkr" + PID % 100_000;
    private static final String NET = "10.233." + (20 + PID % 200);

    private static String dockerHost;

    @BeforeAll
    static void startEngine() throws Exception {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT.toAbsolutePath());
        Run up = run(List.of(SCRIPT.toString(), "up", NAME, NET, image), Map.of(), 300);
        if (up.exit != 0) {
            run(List.of(SCRIPT.toString(), "down", NAME), Map.of(), 60);
            Assumptions.abort("no second Docker engine in a network namespace (needs root, ip, nsenter, dockerd): "
                    + up.output.strip());
        }
        Matcher m = Pattern.compile("UP (tcp://\\S+)").matcher(up.output);
        assertThat(m.find()).as("the script's output: %s", up.output).isTrue();
        dockerHost = m.group(1);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (dockerHost != null) {
            Run down = run(List.of(SCRIPT.toString(), "down", NAME), Map.of(), 120);
            assertThat(down.output).as("the engine's stop").contains("DOWN");
            assertThat(Path.of("/var/run/netns", NAME)).as("the namespace").doesNotExist();
        }
    }

    @Test
    void theClusterITsPassAgainstAnEngineOnAnotherHost() throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin"
                + File.separator + "java", "-cp", System.getProperty("java.class.path"),
                "-D" + TestImages.PROPERTY + "=" + TestImages.primary(), SuiteProcess.class.getName()));
        SUITE.forEach(c -> command.add(c.getName()));
        Run suite = run(command, Map.of("DOCKER_HOST", dockerHost, "TESTCONTAINERS_HOST_OVERRIDE", ""), 900);
        Matcher m = Pattern.compile("SUMMARY found=(\\d+) succeeded=(\\d+) failed=(\\d+) skipped=(\\d+) aborted=(\\d+)")
                .matcher(suite.output);
        assertThat(m.find()).as("the suite's output:%n%s", suite.output).isTrue();
        System.out.println("RemoteEngineIT against " + dockerHost + ": " + m.group());
        assertThat(Integer.parseInt(m.group(3))).as("failed; the suite's output:%n%s", suite.output).isZero();
        assertThat(Integer.parseInt(m.group(5))).as("aborted (skipped by an assumption):%n%s", suite.output).isZero();
        assertThat(Integer.parseInt(m.group(2))).as("succeeded").isGreaterThanOrEqualTo(15);
        assertThat(suite.output).as("clusters started on the remote engine").contains("ready in");
        assertThat(suite.exit).isZero();
    }

    private record Run(int exit, String output) {}

    /** Runs a command to its end; an empty value in {@code env} removes the variable. */
    private static Run run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path log = Files.createTempFile("remote-engine-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after "
                        + timeoutSeconds + " s)");
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
