package io.citustestkit.internal;

import com.github.dockerjava.api.command.LogContainerCmd;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;

/**
 * Captures the multi-task statements that every session sends to a coordinator while a capture is open: the
 * machinery behind {@code @RouterQueriesOnly} and {@code statementsDuring(...)}.
 *
 * <pre>{@code
 * try (StatementCapture.Capture capture = StatementCapture.of(cluster).begin()) {
 *     service.invoice(tenant);
 *     List<LoggedStatement> fannedOut = capture.end();
 * }
 * }</pre>
 *
 * <p>How: while at least one capture of a coordinator is open, {@link AssertionSql#CAPTURE_SETTINGS} are set with
 * {@code ALTER SYSTEM} and a reload (every session, pooled ones included, reads them at its next statement; the
 * capture begins once its own session sees them), and afterwards set back to what {@code postgresql.auto.conf} held.
 * One follower of the container's log per coordinator feeds a {@link MultiTaskLog}; a capture is the part of the log
 * between its begin and end marks, and its end waits until the end mark has been read. The kit's own sessions set
 * {@link AssertionSql#NOT_CAPTURED}. The shards a statement touches are counted afterwards with {@code EXPLAIN}.
 */
public final class StatementCapture {

    /** How long the end of a capture waits for its mark to show in the log, and a capture for the settings. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Map<String, StatementCapture> BY_CONTAINER = new ConcurrentHashMap<>();

    private final JdbcDatabaseContainer<?> coordinator;
    private final String containerId;
    private final MultiTaskLog log = new MultiTaskLog();
    private Closeable follower;
    private Connection session;
    private int open;
    private Map<String, String> restore;

    private StatementCapture(JdbcDatabaseContainer<?> coordinator, String containerId) {
        this.coordinator = coordinator;
        this.containerId = containerId;
    }

    /** The capture of a started coordinator (one per container, following its log from the first capture on). */
    public static StatementCapture of(JdbcDatabaseContainer<?> coordinator) {
        String id = coordinator.getContainerId();
        if (id == null) {
            throw new IllegalStateException("capturing statements needs a started cluster; call start() first"
                    + " (or let @Container / @CitusCluster start it)");
        }
        return BY_CONTAINER.computeIfAbsent(id, k -> new StatementCapture(coordinator, k));
    }

    /** Opens a capture: from the moment this returns, every multi-task statement on the coordinator is in it. */
    public synchronized Capture begin() {
        MultiTaskLog.Window window = null;
        boolean counted = false;
        try {
            Connection c = session();
            follow();
            if (open == 0) {
                restore = apply(c);
            }
            open++;
            counted = true;
            window = log.window(UUID.randomUUID().toString());
            Jdbc.execute(c, AssertionSql.captureMark(window.id(), "begin"));
            return new Capture(window);
        } catch (SQLException | RuntimeException e) {
            if (window != null) {
                log.forget(window);
            }
            if (counted) {
                release();
            }
            throw e instanceof IllegalStateException ? (IllegalStateException) e
                    : new IllegalStateException("could not begin capturing statements on the coordinator ("
                            + coordinator.getJdbcUrl() + "): " + e.getMessage(), e);
        }
    }

    /** One open capture; {@link #end()} (or close) ends it and sets the server's settings back. */
    public final class Capture implements AutoCloseable {
        private final MultiTaskLog.Window window;
        private boolean ended;

        private Capture(MultiTaskLog.Window window) {
            this.window = window;
        }

        /**
         * Ends the capture: waits until the log shows its end, sets the settings back (when it is the last capture
         * open) and returns the multi-task statements, each with the shards it touches.
         */
        public List<LoggedStatement> end() {
            synchronized (StatementCapture.this) {
                if (ended) {
                    throw new IllegalStateException("this capture has ended already");
                }
                ended = true;
                boolean released = false;
                try {
                    Connection c = session();
                    Jdbc.execute(c, AssertionSql.captureMark(window.id(), "end"));
                    released = true;
                    release(); // while the log catches up with the mark
                    awaitEnd();
                    List<LoggedStatement> out = new ArrayList<>();
                    for (LoggedStatement s : window.statements()) {
                        out.add(countShards(c, s));
                    }
                    return out;
                } catch (SQLException e) {
                    throw new IllegalStateException("could not end capturing statements on the coordinator: "
                            + e.getMessage(), e);
                } finally {
                    log.forget(window);
                    if (!released) {
                        release(); // the end failed before the settings were set back
                    }
                }
            }
        }

        private void awaitEnd() {
            try {
                window.ended().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("the coordinator's log did not show the end of the statement capture"
                        + " within " + TIMEOUT.toSeconds() + " s; capturing needs the server log on the container's"
                        + " stderr (logging_collector off, the image's default)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the statement capture to end", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the statement capture failed: " + e.getCause(), e.getCause());
            }
        }

        /** Ends a capture that was not ended (a failed test): settings back, nothing reported. */
        @Override
        public void close() {
            synchronized (StatementCapture.this) {
                if (!ended) {
                    ended = true;
                    log.forget(window);
                    release();
                }
            }
        }
    }

    /** The kit's session for captures: kept open (a new one costs more than all the rest of a capture). */
    private Connection session() throws SQLException {
        if (session == null || !session.isValid(5)) {
            closeQuietly(session);
            session = null;
            session = Jdbc.connect(coordinator.getJdbcUrl(), coordinator.getUsername(), coordinator.getPassword(), 10);
        }
        return session;
    }

    // ---------------------------------------------------------------------------------------------

    private void follow() {
        if (follower != null) {
            return;
        }
        FrameConsumerResultCallback callback = new FrameConsumerResultCallback();
        callback.addConsumer(OutputFrame.OutputType.STDERR, this::frame);
        callback.addConsumer(OutputFrame.OutputType.STDOUT, this::frame);
        callback.addConsumer(OutputFrame.OutputType.END, this::frame);
        // from a minute back: the begin mark of the first capture is read even if attaching takes a moment
        int since = (int) (System.currentTimeMillis() / 1000) - 60;
        LogContainerCmd cmd = coordinator.getDockerClient().logContainerCmd(containerId).withFollowStream(true)
                .withStdErr(true).withStdOut(true).withSince(since);
        follower = cmd.exec(callback);
    }

    private void frame(OutputFrame frame) {
        if (frame.getType() == OutputFrame.OutputType.END) {
            log.end();
            synchronized (this) {
                follower = null;
                closeQuietly(session);
                session = null;
            }
            if (coordinator.getContainerId() == null || !containerId.equals(coordinator.getContainerId())) {
                BY_CONTAINER.remove(containerId, this);
            }
            return;
        }
        String text = frame.getUtf8StringWithoutLineEnding();
        for (String line : text.split("\n", -1)) {
            log.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
    }

    /**
     * Sets the capture settings; returns what {@code postgresql.auto.conf} held for each (null: nothing).
     */
    private Map<String, String> apply(Connection c) throws SQLException {
        Object[] names = AssertionSql.CAPTURE_SETTINGS.keySet().toArray(new String[0]);
        Map<String, String> before = new HashMap<>();
        for (List<Object> row : Jdbc.query(c, AssertionSql.CAPTURE_SETTINGS_NOW, (Object) names)) {
            String name = (String) row.get(0);
            String wanted = AssertionSql.CAPTURE_SETTINGS.get(name);
            if ("command line".equals(row.get(2)) && !wanted.equals(row.get(1))) {
                throw new IllegalStateException("capturing statements needs to set " + name + " to '" + wanted
                        + "', but the server's command line fixes it to '" + row.get(1) + "' (withConfigParameter(\""
                        + name + "\", ...)); remove that setting");
            }
            before.put(name, (String) row.get(3));
        }
        for (Map.Entry<String, String> e : AssertionSql.CAPTURE_SETTINGS.entrySet()) {
            Jdbc.execute(c, AssertionSql.alterSystemSet(e.getKey(), e.getValue()));
        }
        Object reloadedAt = Jdbc.single(c, AssertionSql.RELOAD_AT);
        Waits.until(TIMEOUT, Duration.ofNanos(500_000), () -> notYetApplied(c, reloadedAt, names),
                last -> new IllegalStateException("the server did not take the capture settings within "
                        + TIMEOUT.toSeconds() + " s: " + last));
        return before;
    }

    /** What keeps the settings from being in force: a reload this session has not read yet, or a value. */
    private static String notYetApplied(Connection c, Object reloadedAt, Object[] names) {
        try {
            List<String> wrong = new ArrayList<>();
            for (List<Object> row : Jdbc.query(c, AssertionSql.CAPTURE_SETTINGS_SEEN, reloadedAt, names)) {
                if (!Boolean.TRUE.equals(row.get(3))) {
                    return "the configuration reload of " + reloadedAt + " has not reached the kit's session yet";
                }
                if (!AssertionSql.CAPTURE_SETTINGS.get((String) row.get(0)).equals(row.get(1))) {
                    wrong.add(row.get(0) + " = '" + row.get(1) + "' (source: " + row.get(2) + ")");
                }
            }
            return wrong.isEmpty() ? null : String.join(", ", wrong);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the capture settings: " + e.getMessage(), e);
        }
    }

    /** One capture fewer; the last sets the settings back. */
    private void release() {
        open--;
        if (open > 0 || restore == null) {
            return;
        }
        Map<String, String> back = restore;
        restore = null;
        try {
            Connection c = session();
            for (Map.Entry<String, String> e : back.entrySet()) {
                Jdbc.execute(c, e.getValue() == null ? AssertionSql.alterSystemReset(e.getKey())
                        : AssertionSql.alterSystemSet(e.getKey(), e.getValue()));
            }
            Jdbc.execute(c, AssertionSql.RELOAD);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the server's settings back after capturing statements"
                    + " (" + back.keySet() + "): " + e.getMessage(), e);
        }
    }

    /** The shards the statement touches, by EXPLAIN with the logged parameter values; or why that is not known. */
    private static LoggedStatement countShards(Connection c, LoggedStatement s) {
        List<String> literals = s.parameterLiterals();
        try (Statement off = c.createStatement()) {
            off.execute(AssertionSql.NOT_CAPTURED); // other captures may still be open
            try {
            String json;
            if (literals.isEmpty()) {
                json = PlanReader.explainText(c, s.sql());
            } else {
                try (Statement st = c.createStatement()) {
                    st.execute(AssertionSql.prepareLogged(s.sql()));
                }
                try {
                    json = PlanReader.explainText(c, AssertionSql.executeLogged(literals));
                } finally {
                    try (Statement st = c.createStatement()) {
                        st.execute(AssertionSql.DEALLOCATE_LOGGED);
                    }
                }
            }
            return s.withShards(PlanReader.read(json).shardCount());
            } finally {
                off.execute(AssertionSql.CAPTURED_AGAIN);
            }
        } catch (SQLException | RuntimeException e) {
            return s.withShardsUnknown("EXPLAIN failed: " + e.getMessage());
        }
    }

    /** Throws any throwable as it is (the exception of a block the caller ran), without wrapping. */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing the caller can act on
            }
        }
    }
}
