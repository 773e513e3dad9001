package io.citustestkit.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

/**
 * Waits until a node accepts JDBC connections from the host on its mapped port and answers a query.
 * Unlike a log-message wait it works whether or not the image runs initdb at start, and unlike
 * Testcontainers' JDBC wait it fails at once, with the node's last log lines, when the container exits.
 *
 * <p>It follows the container's log and tries a connection when the server says it is ready to accept connections
 * (the official image's temporary server says so too; that attempt fails and the wait goes on), and when the log
 * ends it reads the container's state. Without a ready line it still tries every {@value #QUIET_LOG_MILLIS} ms (a
 * server that logs elsewhere); without a log stream every {@value #POLL_MILLIS} ms. While three nodes run initdb on a
 * two-core machine, every connection attempt through Docker's port proxy and every state read takes CPU from the
 * nodes themselves, so the wait makes as few as it can.
 */
public final class NodeReadyWait implements WaitStrategy {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeReadyWait.class);

    /** Poll interval when the container's log cannot be followed. */
    private static final long POLL_MILLIS = 250;

    /** How long the wait trusts a followed log that has not said "ready" before it tries and reads the state anyway. */
    private static final long QUIET_LOG_MILLIS = 1000;

    /** What PostgreSQL logs when it accepts connections (the official image's temporary server too). */
    private static final String READY_LINE = "ready to accept connections";

    /** How often the container's state is read while waiting without a log stream. */
    private static final long STATE_CHECK_MILLIS = 500;

    private final String nodeName;
    private final Supplier<String> user;
    private final Supplier<String> password;
    private final Supplier<String> database;
    private Duration timeout = Duration.ofSeconds(120);
    private String readyStatement = "SELECT 1";
    /** A line of the node's own that must come before any connection attempt (null: the server's ready line). */
    private String ownReadyLine;
    private Object[] readyParameters = new Object[0];
    /** True when Testcontainers found the node running from an earlier JVM: then the cluster's own check is enough. */
    private java.util.function.BooleanSupplier reused = () -> false;

    public NodeReadyWait(String nodeName, Supplier<String> database, Supplier<String> user, Supplier<String> password) {
        this.nodeName = nodeName;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    @Override
    public WaitStrategy withStartupTimeout(Duration startupTimeout) {
        this.timeout = startupTimeout;
        return this;
    }

    /**
     * The statement that proves the node ready (default {@code SELECT 1}), with its JDBC parameters; it runs on the
     * first connection that works.
     */
    public NodeReadyWait withReadyStatement(String sql, Object... parameters) {
        this.readyStatement = sql;
        this.readyParameters = parameters.clone();
        return this;
    }

    /**
     * Connect only once the node has logged this line (the start of {@link PlainImageStart} says when its database
     * and extension exist; before that its server already accepts connections). Without a log stream the wait polls.
     */
    public NodeReadyWait withReadyLogLine(String line) {
        this.ownReadyLine = line;
        return this;
    }

    /**
     * Nothing to wait for when this says the container was reused (found running by Testcontainers): the node was
     * ready when it was made, and the cluster's health check that follows reaches it.
     */
    public NodeReadyWait withReused(java.util.function.BooleanSupplier reused) {
        this.reused = reused;
        return this;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public void waitUntilReady(WaitStrategyTarget target) {
        if (reused.getAsBoolean()) {
            return;
        }
        LogSignals log = new LogSignals(ownReadyLine != null ? ownReadyLine : READY_LINE);
        FrameConsumerResultCallback logs = new FrameConsumerResultCallback();
        logs.addConsumer(OutputFrame.OutputType.STDOUT, log);
        logs.addConsumer(OutputFrame.OutputType.STDERR, log);
        boolean followed;
        try {
            target.getDockerClient().logContainerCmd(target.getContainerId())
                    .withFollowStream(true).withSince(0).withStdOut(true).withStdErr(true)
                    .exec(logs);
            followed = true;
        } catch (RuntimeException e) {
            // no log stream (a logging driver without read support): polling alone still works
            followed = false;
        }
        try {
            poll(target, log, followed);
        } finally {
            try {
                logs.close();
            } catch (IOException | RuntimeException ignored) {
                // the stream ends with the wait
            }
        }
    }

    private void poll(WaitStrategyTarget target, LogSignals log, boolean followed) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        String url = null;
        boolean checkState = true;
        long nextStateCheck = 0;
        while (System.nanoTime() < deadline) {
            // asking Docker is not free on a small machine where three nodes run initdb: only when the log ended or
            // said nothing for a while, or on a timer when there is no log to follow
            if (checkState || (!followed && System.nanoTime() >= nextStateCheck)) {
                nextStateCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STATE_CHECK_MILLIS);
                failIfExited(target);
                checkState = false;
            }
            // with a line of its own, the node accepts connections before it is ready: wait for the line
            if (!followed || ownReadyLine == null || log.readySeen()) {
                if (url == null) {
                    url = jdbcUrl(target.getHost(), target.getMappedPort(NodeAddressing.POSTGRES_PORT), database.get());
                }
                try (Connection c = Jdbc.connect(url, user.get(), password.get(), 2)) {
                    try {
                        Jdbc.execute(c, readyStatement, readyParameters);
                        return;
                    } catch (SQLException e) {
                        // the node accepts connections: a failing statement will not heal by waiting
                        throw new NodeStartFailure("node " + nodeName + " accepts connections but could not be"
                                + " prepared (" + readyStatement + "): " + e.getMessage(), LogTail.of(target), e);
                    }
                } catch (SQLException e) {
                    last = e;
                    LOG.debug("node {}: not ready yet: {}", nodeName, e.getMessage());
                    if (isAuthenticationFailure(e)) {
                        throw new NodeStartFailure("node " + nodeName + " refused the credentials for user "
                                + user.get() + ": " + e.getMessage(), LogTail.of(target), e);
                    }
                }
            }
            if (followed) {
                // the next ready line, the end of the log (the container stopped), or a quiet log: then read the state
                boolean signalled = log.await(QUIET_LOG_MILLIS);
                followed = !log.ended();
                checkState = !signalled || !followed;
            } else {
                log.await(POLL_MILLIS);
            }
        }
        throw new NodeStartFailure(
                "node " + nodeName + " did not accept connections within " + timeout.toSeconds() + " s"
                        + (last == null ? "" : " (last error: " + last.getMessage() + ")"),
                LogTail.of(target),
                last);
    }

    private void failIfExited(WaitStrategyTarget target) {
        InspectContainerResponse.ContainerState state = target.getCurrentContainerInfo().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new NodeStartFailure(
                    "node " + nodeName + " exited with code " + state.getExitCodeLong()
                            + (Boolean.TRUE.equals(state.getOOMKilled()) ? " (killed: out of memory)" : "")
                            + " before it accepted connections",
                    LogTail.of(target),
                    null);
        }
    }

    /** Builds the JDBC URL of a node reached from the host. */
    public static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static boolean isAuthenticationFailure(SQLException e) {
        // 28P01 invalid_password, 28000 invalid_authorization_specification
        return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState());
    }

    /** What the wait learns from a node's log: a ready line, or its end (the container stopped, or the stream broke). */
    private static final class LogSignals implements Consumer<OutputFrame> {

        private final Semaphore signals = new Semaphore(0);
        private final String readyLine;
        private volatile boolean ended;
        private volatile boolean readySeen;

        LogSignals(String readyLine) {
            this.readyLine = readyLine;
        }

        @Override
        public void accept(OutputFrame frame) {
            if (frame.getType() == OutputFrame.OutputType.END) {
                ended = true;
                signals.release();
            } else if (frame.getUtf8String().contains(readyLine)) {
                readySeen = true;
                signals.release();
            }
        }

        boolean readySeen() {
            return readySeen;
        }

        boolean ended() {
            return ended;
        }

        /** True when a ready line or the end of the log came within the time. */
        boolean await(long millis) {
            try {
                return signals.tryAcquire(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a node", e);
            }
        }
    }
}
