package io.citustestkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the coordinator's server log, line by line, for the records Citus writes before a multi-task statement when
 * {@code citus.multi_task_query_log_level} is set, and hands each to the capture windows open at that point of the
 * log. A window opens at the line of its begin mark and closes at the line of its end mark (marks the kit writes
 * with {@code RAISE LOG}), so what a window holds is decided by the order of the log alone. A record as PostgreSQL
 * writes it to stderr (one write per record, every part with the same {@code log_line_prefix}, continuation lines
 * starting with a tab):
 *
 * <pre>
 * 2026-12-01 09:51:51.248 UTC [143] LOG:  multi-task query about to be executed
 * 2026-12-01 09:51:51.248 UTC [143] HINT:  Queries are split to multiple tasks if they have to be split into ...
 * 2026-12-01 09:51:51.248 UTC [143] CONTEXT:  unnamed portal with parameters: $1 = 'open', $2 = '3'
 * 2026-12-01 09:51:51.248 UTC [143] STATEMENT:  SELECT count(*) FROM orders WHERE status = $1 AND id > $2
 * </pre>
 */
public final class MultiTaskLog {

    /** The message Citus writes before it runs a statement as more than one task. */
    public static final String MESSAGE = "multi-task query about to be executed";

    /** Start of the kit's marks: {@code citus-testkit-capture <id> begin|end}. */
    public static final String MARK = "citus-testkit-capture ";

    private static final String PARAMETERS = "with parameters: ";

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final List<Window> open = new ArrayList<>();
    private Record current;
    private StringBuilder currentField;

    /** A part of the log between two marks: the records written in it. */
    public static final class Window {
        private final String id;
        private final List<LoggedStatement> statements = new ArrayList<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        Window(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Completes once the end mark was read. */
        public CompletableFuture<Void> ended() {
            return ended;
        }

        /** The records read so far, in log order. */
        public synchronized List<LoggedStatement> statements() {
            return List.copyOf(statements);
        }

        synchronized void add(LoggedStatement s) {
            statements.add(s);
        }
    }

    /** Registers a window; it starts collecting at the line of its begin mark. */
    public Window window(String id) {
        Window w = new Window(id);
        windows.put(id, w);
        return w;
    }

    /** Forgets a window (after its end, or when it is abandoned). */
    public void forget(Window w) {
        windows.remove(w.id);
        synchronized (this) {
            open.remove(w);
        }
    }

    /** One line of the log, without its line break. */
    public synchronized void accept(String line) {
        if (current != null) {
            if (line.startsWith("\t") && currentField != null) {
                currentField.append('\n').append(line, 1, line.length());
                return;
            }
            if (line.startsWith(current.prefix) && part(line.substring(current.prefix.length()))) {
                return;
            }
            finish();
        }
        int mark = line.indexOf(MARK);
        if (mark >= 0) {
            marked(line.substring(mark + MARK.length()).trim());
            return;
        }
        int message = line.lastIndexOf(":  " + MESSAGE);
        if (message > 0 && line.endsWith(MESSAGE)) {
            int level = line.lastIndexOf(' ', message - 1) + 1;
            current = new Record(line.substring(0, level));
            currentField = null;
        }
    }

    /** The end of the stream: a record still being read is complete. */
    public synchronized void end() {
        if (current != null) {
            finish();
        }
    }

    private boolean part(String rest) {
        if (rest.startsWith("STATEMENT:  ")) {
            current.statement.setLength(0);
            current.statement.append(rest, "STATEMENT:  ".length(), rest.length());
            currentField = current.statement;
            return true;
        }
        if (rest.startsWith("CONTEXT:  ")) {
            String context = rest.substring("CONTEXT:  ".length());
            int p = context.indexOf(PARAMETERS);
            if (p >= 0 && context.contains("portal")) {
                current.parameters.append(context, p + PARAMETERS.length(), context.length());
                currentField = current.parameters;
            } else {
                current.context.append(context);
                currentField = current.context;
            }
            return true;
        }
        if (rest.startsWith("HINT:  ") || rest.startsWith("DETAIL:  ") || rest.startsWith("LOCATION:  ")) {
            currentField = new StringBuilder(); // continuation lines of a part we do not keep
            return true;
        }
        return false;
    }

    private void finish() {
        Record r = current;
        current = null;
        currentField = null;
        LoggedStatement s = new LoggedStatement(r.statement.toString(), r.parameters.toString(), r.context.toString());
        for (Window w : open) {
            w.add(s);
        }
    }

    private void marked(String rest) {
        int space = rest.indexOf(' ');
        if (space < 0) {
            return;
        }
        Window w = windows.get(rest.substring(0, space));
        if (w == null) {
            return;
        }
        String what = rest.substring(space + 1).trim();
        if (what.startsWith("begin")) {
            open.add(w);
        } else if (what.startsWith("end")) {
            open.remove(w);
            windows.remove(w.id);
            w.ended.complete(null);
        }
    }

    private static final class Record {
        final String prefix;
        final StringBuilder statement = new StringBuilder();
        final StringBuilder parameters = new StringBuilder();
        final StringBuilder context = new StringBuilder();

        Record(String prefix) {
            this.prefix = prefix;
        }
    }
}
