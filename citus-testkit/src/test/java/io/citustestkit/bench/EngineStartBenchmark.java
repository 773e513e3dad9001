package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.TestImages;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A 1 + 2 cluster's start on Docker and on Podman, alternately in one run: one JVM per engine
 * ({@link EngineStartProcess}, {@code DOCKER_HOST} set to each engine's socket), both warm, told in turn to start a
 * cluster (the order swaps every round). Prints each start, the medians, the Podman/Docker ratio, the time of one
 * {@code /version} call on each engine (Testcontainers makes one per container it starts) and the load average.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=EngineStartBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=7, -Dcitustestkit.bench.image=citusdata/citus:13.2.0,
 * -Dcitustestkit.bench.docker-host=unix:///var/run/docker.sock,
 * -Dcitustestkit.bench.podman-host=unix:///run/podman/podman.sock. Skips with the reason when an engine or the image
 * on it is missing.
 */
class EngineStartBenchmark {

    @Test
    void clusterStartOnDockerAndOnPodman() throws Exception {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 7);
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("Docker", System.getProperty("citustestkit.bench.docker-host", "unix:///var/run/docker.sock"));
        hosts.put("Podman", System.getProperty("citustestkit.bench.podman-host", "unix:///run/podman/podman.sock"));
        hosts.forEach((engine, host) -> Assumptions.assumeTrue(!host.startsWith("unix://")
                || Files.exists(Path.of(host.substring("unix://".length()))), engine + ": no socket at " + host));

        Map<String, Child> children = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : hosts.entrySet()) {
                children.put(e.getKey(), Child.launch(e.getValue(), image));
            }
            for (Map.Entry<String, Child> e : children.entrySet()) {
                String ready = e.getValue().awaitLine("READY ", "SKIP ");
                Assumptions.assumeTrue(ready.startsWith("READY "), e.getKey() + ": " + ready);
                System.out.printf("%s: %s, warm%n", e.getKey(), ready.substring("READY ".length()));
            }
            Map<String, List<Long>> starts = new LinkedHashMap<>();
            Map<String, List<Long>> versions = new LinkedHashMap<>();
            children.keySet().forEach(k -> {
                starts.put(k, new ArrayList<>());
                versions.put(k, new ArrayList<>());
            });
            String loadBefore = ReuseBenchmark.load();
            for (int run = 1; run <= runs; run++) {
                List<String> order = new ArrayList<>(children.keySet());
                if (run % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String engine : order) {
                    String load = ReuseBenchmark.load();
                    String[] f = children.get(engine).send("start").awaitLine("STARTED ").split(" ");
                    long ms = Long.parseLong(f[1]);
                    starts.get(engine).add(ms);
                    versions.get(engine).add(Long.parseLong(f[2]));
                    System.out.printf("run %d  %-7s start %5d ms   one /version call %5s ms   (load %s)%n", run,
                            engine, ms, f[2], load);
                }
            }
            String loadAfter = ReuseBenchmark.load();
            System.out.printf("%n== 1 + 2 cluster start, image %s, %d runs each, alternately, %d cores, load %s before,"
                    + " %s after ==%n", image, runs, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
            for (String engine : children.keySet()) {
                System.out.printf("%-7s median %5d ms  all %s   one /version call: median %d ms%n", engine,
                        ReuseBenchmark.median(starts.get(engine)), starts.get(engine),
                        ReuseBenchmark.median(versions.get(engine)));
            }
            System.out.printf("Podman / Docker: %.2f%n", (double) ReuseBenchmark.median(starts.get("Podman"))
                    / ReuseBenchmark.median(starts.get("Docker")));
            assertThat(starts.values()).allSatisfy(l -> assertThat(l).hasSize(runs));
        } finally {
            for (Child c : children.values()) {
                c.close();
            }
        }
    }

    /** A child JVM on one engine. */
    private static final class Child implements AutoCloseable {

        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final StringBuilder seen = new StringBuilder();

        private Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Child launch(String dockerHost, String image) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "-cp", System.getProperty("java.class.path"), EngineStartProcess.class.getName(), image));
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
            b.environment().put("DOCKER_HOST", dockerHost);
            return new Child(b.start());
        }

        Child send(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            return this;
        }

        /** The next line that starts with one of the prefixes; fails with what the child printed when it ends. */
        String awaitLine(String... prefixes) throws IOException {
            for (String line; (line = out.readLine()) != null;) {
                seen.append(line).append('\n');
                for (String p : prefixes) {
                    if (line.startsWith(p)) {
                        return line;
                    }
                }
            }
            throw new AssertionError("the child JVM ended; its output:\n" + seen);
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
