package com.example.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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
class CitusLauncherIT {

    @Test
    void printsEveryNodesUrlAndRemovesTheClusterOnStop() throws Exception {
        LineWatch output = new LineWatch("Ready.");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Void> run = launch(new CitusLauncher.Options(1, CitusClusterContainer.DEFAULT_IMAGE, null),
                output, stop);
        String printed = output.seen.get(3, TimeUnit.MINUTES);
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
        assertThat(output.text()).contains("Stopped; containers and network removed.");
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of("io.citustestkit.cluster", id.group(1))).exec()).isEmpty();
    }

    @Test
    void hostReachablePrintsTheRegisteredAddressesWhichThisMachineReaches() throws Exception {
        LineWatch output = new LineWatch("Ready.");
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Void> run = launch(
                new CitusLauncher.Options(1, CitusClusterContainer.DEFAULT_IMAGE, null, true), output, stop);
        try {
            String printed = output.seen.get(3, TimeUnit.MINUTES);
            assertThat(printed).contains("registered in pg_dist_node");
            Matcher registered = Pattern.compile("^  (coordinator|worker-1)\\s+(\\S+:\\d+)$", Pattern.MULTILINE)
                    .matcher(printed);
            java.util.List<String> addresses = new java.util.ArrayList<>();
            while (registered.find()) {
                addresses.add(registered.group(2));
            }
            assertThat(addresses).as("printed:%n%s", printed).hasSize(2);
            for (String address : addresses) {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + address + "/test", "test",
                        "test"); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_dist_node WHERE nodename || ':' ||"
                                + " nodeport = '" + address + "'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(address + " in pg_dist_node").isEqualTo(1);
                }
            }
        } finally {
            stop.countDown();
            run.get(2, TimeUnit.MINUTES);
        }
    }

    /** Runs the launcher on another thread until {@code stop}, printing into {@code output}. */
    private static CompletableFuture<Void> launch(CitusLauncher.Options options, LineWatch output, CountDownLatch stop) {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                CitusLauncher.run(options, out, stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // a launcher that returns or fails before saying Ready ends the wait at once, with what it printed
        run.whenComplete((ignored, failure) -> output.seen.completeExceptionally(failure != null ? failure
                : new AssertionError("the launcher returned without printing Ready.:\n" + output.text())));
        return run;
    }

    /** Collects what is printed; {@link #seen} completes, with all printed so far, when a line holds the text. */
    static final class LineWatch extends OutputStream {
        final CompletableFuture<String> seen = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final String awaited;

        LineWatch(String awaited) {
            this.awaited = awaited;
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n' && !seen.isDone() && text().contains(awaited)) {
                seen.complete(text());
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
