package io.citustestkit.bench;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * One engine's side of {@link EngineStartBenchmark}: a JVM whose Testcontainers talks to the engine its
 * {@code DOCKER_HOST} names. It finds the engine, the image and the tuned image (built here when absent), starts one
 * 1 + 2 cluster untimed (class loading, the first connection), and prints {@code READY <engine>} (or
 * {@code SKIP <reason>}). Then for every line {@code start} on its standard input it starts a 1 + 2 cluster, times
 * {@code start()}, times one Docker {@code /version} call as Testcontainers makes for every container it starts (its
 * architecture check), stops the cluster and prints {@code STARTED <start millis> <version millis>}.
 */
public final class EngineStartProcess {

    private EngineStartProcess() {}

    public static void main(String[] args) throws Exception {
        String image = args[0];
        String reason = TestImages.unavailableReason(image);
        if (reason != null) {
            System.out.println("SKIP " + reason);
            return;
        }
        String engine = DockerClientFactory.instance().client().versionCmd().exec().getComponents().stream()
                .map(c -> c.getName() + " " + c.getVersion()).findFirst().orElse("?");
        TunedImages.resolve(DockerImageName.parse(image));
        start(image);
        System.out.println("READY " + engine);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            if (line.equals("start")) {
                long ms = start(image);
                long t0 = System.nanoTime();
                DockerClientFactory.instance().client().versionCmd().exec();
                long version = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("STARTED " + ms + " " + version);
                System.out.flush();
            }
        }
    }

    private static long start(String image) {
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)) {
            long t0 = System.nanoTime();
            cluster.start();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (cluster.getWorkers().size() != 2) {
                throw new IllegalStateException("expected 2 workers, got " + cluster.getWorkers());
            }
            return ms;
        }
    }
}
