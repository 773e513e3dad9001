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
 * <p>It follows the container's log and tries a connection as soon as the server says it is ready to accept
 * connections, otherwise only every {@value #POLL_MILLIS} ms: while three nodes run initdb on a small machine,
 * rapid connection attempts through Docker's port proxy take CPU from the nodes themselves.
 */
public final class NodeReadyWait implements WaitStrategy {

    /** Poll interval while the server is starting and its log has not said it is ready. */
    private static final long POLL_MILLIS = 250;

    /** What PostgreSQL logs when it accepts connections (the official image's temporary server too). */
    private static final String READY_LINE = "ready to accept connections";

    /** How often the container's state is read while waiting. */
    private static final long STATE_CHECK_MILLIS = 500;

    private final String nodeName;
    private final Supplier<String> user;
    private final Supplier<String> password;
    private final Supplier<String> database;
    private Duration timeout = Duration.ofSeconds(120);
    private String readyStatement = "SELECT 1";
    private Object[] readyParameters = new Object[0];

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

    public Duration timeout() {
        return timeout;
    }

    @Override
    public void waitUntilReady(WaitStrategyTarget target) {
        Semaphore readyLogged = new Semaphore(0);
        FrameConsumerResultCallback logs = new FrameConsumerResultCallback();
        Consumer<OutputFrame> onLine = frame -> {
            if (frame.getUtf8String().contains(READY_LINE)) {
                readyLogged.release();
            }
        };
        logs.addConsumer(OutputFrame.OutputType.STDOUT, onLine);
        logs.addConsumer(OutputFrame.OutputType.STDERR, onLine);
        try {
            target.getDockerClient().logContainerCmd(target.getContainerId())
                    .withFollowStream(true).withSince(0).withStdOut(true).withStdErr(true)
                    .exec(logs);
        } catch (RuntimeException e) {
            // no log stream (a logging driver without read support): polling alone still works
            readyLogged.release(Integer.MAX_VALUE / 2);
        }
        try {
            poll(target, readyLogged);
        } finally {
            try {
                logs.close();
            } catch (IOException | RuntimeException ignored) {
                // the stream ends with the wait
            }
        }
    }

    private void poll(WaitStrategyTarget target, Semaphore readyLogged) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        String url = null;
        long nextStateCheck = 0;
        while (System.nanoTime() < deadline) {
            // asking Docker is not free on a small machine where three nodes run initdb: not on every poll
            if (System.nanoTime() >= nextStateCheck) {
                nextStateCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STATE_CHECK_MILLIS);
                failIfExited(target);
            }
            if (url == null) {
                url = jdbcUrl(target.getHost(), target.getMappedPort(NodeAddressing.POSTGRES_PORT), database.get());
            }
            try (Connection c = Jdbc.connect(url, user.get(), password.get(), 2)) {
                try {
                    Jdbc.execute(c, readyStatement, readyParameters);
                    return;
                } catch (SQLException e) {
                    // the node accepts connections: a failing statement will not heal by waiting
                    throw new NodeStartFailure("node " + nodeName + " accepts connections but could not be prepared ("
                            + readyStatement + "): " + e.getMessage(), LogTail.of(target), e);
                }
            } catch (SQLException e) {
                last = e;
                if (isAuthenticationFailure(e)) {
                    throw new NodeStartFailure(
                            "node " + nodeName + " refused the credentials for user " + user.get() + ": " + e.getMessage(),
                            LogTail.of(target),
                            e);
                }
            }
            awaitReadyLineOrPoll(readyLogged);
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

    private static void awaitReadyLineOrPoll(Semaphore readyLogged) {
        try {
            readyLogged.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a node", e);
        }
    }
}
