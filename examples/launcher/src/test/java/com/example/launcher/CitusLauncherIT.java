package com.example.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.DisabledWithoutCitusImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** The launcher prints reachable URLs while it runs and removes everything when asked to stop. */
@DisabledWithoutCitusImage
class CitusLauncherIT {

    @Test
    void printsEveryNodesUrlAndRemovesTheClusterOnStop() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                CitusLauncher.run(new CitusLauncher.Options(1, CitusClusterContainer.DEFAULT_IMAGE, null), out, stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!bytes.toString(StandardCharsets.UTF_8).contains("Ready.") && System.nanoTime() < deadline
                && !run.isDone()) {
            Thread.sleep(100); // poll the printed output until the launcher says Ready
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Ready.").contains("worker-1");

        Matcher coordinator = Pattern.compile("coordinator\\s+(jdbc:postgresql://\\S+)").matcher(printed);
        assertThat(coordinator.find()).isTrue();
        try (Connection c = DriverManager.getConnection(coordinator.group(1), "test", "test");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM citus_get_active_worker_nodes()")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        Matcher id = Pattern.compile("cluster id (\\S+)").matcher(printed);
        assertThat(id.find()).isTrue();

        stop.countDown();
        run.get(2, TimeUnit.MINUTES);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Stopped; containers and network removed.");
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of("io.citustestkit.cluster", id.group(1))).exec()).isEmpty();
    }
}
