package com.example.launcher;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a Citus cluster from the command line, prints the JDBC URL of every node, and keeps it until
 * Ctrl-C, which removes everything.
 *
 * <pre>
 * ./mvnw -q -pl examples/launcher -am compile exec:java -Dexec.args="--workers 3 --port 5433"
 * ./mvnw -q -pl examples/launcher -am compile exec:java -Dexec.args="--host-reachable"
 * </pre>
 */
public final class CitusLauncher {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: citus-launcher [--workers N] [--image IMAGE] [--port PORT] [--host-reachable]",
            "  --workers N    workers, 0..32 (default 2)",
            "  --image IMAGE  citusdata/citus image (default " + CitusClusterContainer.DEFAULT_IMAGE + ")",
            "  --port PORT    fixed host port for the coordinator, 1..65535 (default: a random free port)",
            "  --host-reachable  register every node under an address this machine reaches too (printed),",
            "                 for tools that read citus_get_active_worker_nodes() and connect to workers",
            "Ctrl-C stops the cluster and removes its containers and network.");

    /** Parsed command line. */
    record Options(int workers, String image, Integer port, boolean hostReachable) {

        /** The default registration (network aliases). */
        Options(int workers, String image, Integer port) {
            this(workers, image, port, false);
        }
    }

    /** Bad command line: the message says what was wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private CitusLauncher() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println("citus-launcher: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "citus-launcher-shutdown"));
        try {
            run(options, System.out, stop);
        } finally {
            stopped.countDown();
        }
    }

    /** Parses the arguments; null means "print usage and exit 0" (--help). */
    static Options parse(String[] args) throws UsageException {
        int workers = CitusClusterContainer.DEFAULT_WORKERS;
        String image = CitusClusterContainer.DEFAULT_IMAGE;
        Integer port = null;
        boolean hostReachable = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (flag.equals("--host-reachable")) {
                hostReachable = true;
                continue;
            }
            if (!List.of("--workers", "--image", "--port").contains(flag)) {
                throw new UsageException("unknown option " + flag);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--workers" -> workers = number(flag, value, 0, CitusClusterContainer.MAX_WORKERS);
                case "--port" -> port = number(flag, value, 1, 65535);
                default -> {
                    if (value.isBlank()) {
                        throw new UsageException("--image was blank; allowed: an image name such as "
                                + CitusClusterContainer.DEFAULT_IMAGE);
                    }
                    image = value;
                }
            }
        }
        if (hostReachable && port != null) {
            throw new UsageException("--port was " + port + " with --host-reachable; allowed: one of them (host-reachable"
                    + " nodes get fixed host ports of their own, printed at start)");
        }
        return new Options(workers, image, port, hostReachable);
    }

    private static int number(String flag, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException(flag + " was " + value + "; allowed: " + min + ".." + max);
    }

    /** Starts the cluster, prints the URLs, waits for {@code stop}, and removes everything. */
    static void run(Options options, PrintStream out, CountDownLatch stop) throws InterruptedException {
        try (CitusClusterContainer cluster = new CitusClusterContainer(options.image()).withWorkers(options.workers())
                .withHostReachableNodes(options.hostReachable())) {
            if (options.port() != null) {
                cluster.setPortBindings(List.of(options.port() + ":" + CitusClusterContainer.POSTGRES_PORT));
            }
            out.printf("Starting Citus: coordinator + %d workers on %s ...%n", options.workers(), options.image());
            cluster.start();
            out.printf("coordinator  %s%n", cluster.getJdbcUrl());
            for (CitusNode worker : cluster.getWorkers()) {
                out.printf("%-12s %s%n", worker.getNetworkAlias(), worker.getJdbcUrl());
            }
            if (options.hostReachable()) {
                out.println("registered in pg_dist_node (reachable from this machine as they are):");
                List<CitusNode> nodes = new java.util.ArrayList<>(List.of(cluster.getCoordinator()));
                nodes.addAll(cluster.getWorkers());
                for (CitusNode node : nodes) {
                    out.printf("  %-12s %s:%d%n", node.getNetworkAlias(), node.getRegisteredHost(),
                            node.getRegisteredPort());
                }
            }
            out.printf("user %s, password %s, cluster id %s%n", cluster.getUsername(), cluster.getPassword(),
                    cluster.getClusterId());
            out.println("Ready. Press Ctrl-C to stop and remove the cluster.");
            out.flush();
            stop.await();
            out.println("Stopping ...");
        }
        out.println("Stopped; containers and network removed.");
    }
}
