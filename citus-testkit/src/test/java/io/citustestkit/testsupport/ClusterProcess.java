package io.citustestkit.testsupport;

import io.citustestkit.CitusClusterContainer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM that starts a cluster, for what one JVM cannot show: reuse across JVMs and the clean-up when a JVM is
 * ended by a signal. {@code main(image, workers, reuse)} starts {@code new CitusClusterContainer(image)} with that
 * many workers, prints {@code STARTED <cluster id> <coordinator container id> <start() millis> <again millis>} and
 * waits until its standard input closes (then it exits without stopping the cluster: a reused one is meant to stay).
 * With reuse, "again" is a second, equal container's {@code start()} in the same, now warm JVM (-1 otherwise).
 * Launched {@linkplain #launch(String, int, boolean, Map, boolean) on a signal}, the child prints {@code WAITING} once
 * Docker is found and starts only on {@link #go()}: several children then start at the same moment.
 */
public final class ClusterProcess implements AutoCloseable {

    /**
     * What the child printed once its cluster started; {@code againMillis}: a second start() in the same JVM, or -1
     * (a baseline child gives its second figure there).
     */
    public record Started(String clusterId, String containerId, long startMillis, long againMillis) {}

    private final Process process;
    private static final String AWAIT_GO = "clusterprocess.await-go";

    private final CompletableFuture<Started> started = new CompletableFuture<>();
    private final CompletableFuture<Void> waiting = new CompletableFuture<>();
    private final StringBuilder output = new StringBuilder();

    private ClusterProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "cluster-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a child JVM on this JVM's class path and environment. */
    public static ClusterProcess launch(String image, int workers, boolean reuse) throws IOException {
        return launchMain(ClusterProcess.class, image, Integer.toString(workers), Boolean.toString(reuse));
    }

    /**
     * A child JVM with extra system properties (such as {@code citustestkit.reuse.key}); with {@code onGo} it starts
     * its cluster only on {@link #go()} (after {@link #awaitWaiting}).
     */
    public static ClusterProcess launch(String image, int workers, boolean reuse, Map<String, String> properties,
            boolean onGo) throws IOException {
        return launch(image, workers, reuse, properties, onGo, System.getProperty("java.class.path"));
    }

    /** As {@link #launch(String, int, boolean, Map, boolean)} on another class path (an earlier build of the kit). */
    public static ClusterProcess launch(String image, int workers, boolean reuse, Map<String, String> properties,
            boolean onGo, String classPath) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(properties);
        if (onGo) {
            all.put(AWAIT_GO, "true");
        }
        return start(ClusterProcess.class, all, classPath, image, Integer.toString(workers), Boolean.toString(reuse));
    }

    /**
     * Starts a child JVM on this JVM's class path and environment running another main class that prints the same
     * {@code STARTED} line (such as the benchmark's single-container baseline).
     */
    public static ClusterProcess launchMain(Class<?> main, String... args) throws IOException {
        return start(main, Map.of(), System.getProperty("java.class.path"), args);
    }

    private static ClusterProcess start(Class<?> main, Map<String, String> properties, String classPath,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ClusterProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for the child's STARTED line; fails with its output when it ends first. */
    public Started awaitStarted(Duration timeout) throws Exception {
        try {
            return started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the child JVM did not start its cluster; its output:\n" + output(), e);
        }
    }

    /** Waits until the child found Docker and waits for {@link #go()}. */
    public void awaitWaiting(Duration timeout) throws Exception {
        try {
            waiting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the child JVM did not get ready to start; its output:\n" + output(), e);
        }
    }

    /** Tells a child launched on a signal to start its cluster now. */
    public void go() throws IOException {
        process.getOutputStream().write('\n');
        process.getOutputStream().flush();
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the JVM ends at once, no shutdown hook runs (as a CI job killed hard, or an OOM kill). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (what Ctrl-C's SIGINT and a CI's cancel do alike: the JVM runs its shutdown hooks) and its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    public synchronized String output() {
        return output.toString();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                synchronized (this) {
                    output.append(line).append('\n');
                }
                if (line.equals("WAITING")) {
                    waiting.complete(null);
                }
                if (line.startsWith("STARTED ")) {
                    String[] f = line.split(" ");
                    started.complete(new Started(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4])));
                }
            }
        } catch (IOException e) {
            // the child ended
        }
        started.completeExceptionally(new IllegalStateException("the child JVM ended"));
        waiting.completeExceptionally(new IllegalStateException("the child JVM ended"));
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child: start, report, wait for standard input to close. */
    public static void main(String[] args) throws IOException {
        CitusClusterContainer cluster = new CitusClusterContainer(args[0]).withWorkers(Integer.parseInt(args[1]))
                .withReuse(Boolean.parseBoolean(args[2]));
        org.testcontainers.DockerClientFactory.instance().client(); // Docker found before the clock starts, as under @Testcontainers
        if (Boolean.getBoolean(AWAIT_GO)) {
            System.out.println("WAITING");
            System.out.flush();
            for (int b = System.in.read(); b >= 0 && b != '\n'; b = System.in.read()) {
                // until the parent says go
            }
        }
        long t0 = System.nanoTime();
        cluster.start();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        long again = -1;
        if (cluster.isShouldBeReused()) {
            CitusClusterContainer same = new CitusClusterContainer(args[0]).withWorkers(Integer.parseInt(args[1]))
                    .withReuse(true);
            long t1 = System.nanoTime();
            same.start();
            again = (System.nanoTime() - t1) / 1_000_000;
        }
        System.out.println("STARTED " + cluster.getClusterId() + " " + cluster.getContainerId() + " " + millis + " "
                + again);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input
        }
    }
}
