package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads the distributed plan of a query from {@code EXPLAIN (FORMAT JSON)}: every Citus custom scan
 * ({@code "Custom Plan Provider": "Citus Adaptive"}, the older {@code "Citus Router"}, {@code "Citus INSERT ... SELECT"},
 * ...), the {@code "Task Count"} of each distributed job (the main one, those of subplans and of the SELECT of an
 * INSERT ... SELECT), and the tasks EXPLAIN shows with their node and the shard tables their remote plan scans.
 *
 * <p>Counting rule: a job touches {@code "Task Count"} shards. When EXPLAIN shows every task of a job
 * ({@code "Tasks Shown": "All"}), a task whose remote plan reads no table at all is not counted: that is the
 * placeholder task Citus plans when the WHERE clause prunes every shard (its remote plan is a {@code Result} with a
 * false {@code One-Time Filter}).
 */
public final class PlanReader {

    /** Lines of plan shown in a failure message before it is cut. */
    public static final int EXCERPT_LINES = 40;

    private PlanReader() {}

    /** One task EXPLAIN shows: where it runs and the tables its remote plan reads (shard names). */
    public record Task(String node, List<String> relations, boolean hasRemotePlan) {
        /** False only for a task with a remote plan that reads no table (a task for zero shards). */
        public boolean touchesShard() {
            return !hasRemotePlan || !relations.isEmpty();
        }
    }

    /**
     * One distributed job: the Citus custom scan that runs it, where it sits in the plan ({@code "query"},
     * {@code "subplan 1"}, {@code "select of INSERT ... SELECT"}), its task count and the tasks shown.
     */
    public record Job(String provider, String role, int taskCount, String tasksShown, List<Task> shownTasks) {
        /** Shards this job touches, by the counting rule of {@link PlanReader}. */
        public int shardCount() {
            if ("All".equals(tasksShown) && shownTasks.size() == taskCount) {
                return (int) shownTasks.stream().filter(Task::touchesShard).count();
            }
            return taskCount;
        }
    }

    /** What the assertions need from one plan. */
    public record Plan(List<String> citusScans, List<Job> jobs, String excerpt) {
        /** Whether the plan has any Citus custom scan; false for a query on plain PostgreSQL tables only. */
        public boolean isDistributed() {
            return !citusScans.isEmpty();
        }

        /** Shards touched by every job together. */
        public int shardCount() {
            return jobs.stream().mapToInt(Job::shardCount).sum();
        }

        /** Tasks of every job together. */
        public int taskCount() {
            return jobs.stream().mapToInt(Job::taskCount).sum();
        }

        /** A one-line account of the tasks, such as {@code "4 tasks (Citus Adaptive, query: 4)"}. */
        public String summary() {
            if (!isDistributed()) {
                return "0 shards: the plan has no Citus custom scan, it reads only PostgreSQL tables on the coordinator";
            }
            if (jobs.isEmpty()) {
                return "0 shards: the plan has a Citus custom scan (" + String.join(", ", citusScans)
                        + ") but EXPLAIN shows no distributed job";
            }
            int shards = shardCount();
            StringBuilder s = new StringBuilder();
            s.append(shards).append(shards == 1 ? " shard" : " shards").append(" (");
            List<String> parts = new ArrayList<>();
            for (Job job : jobs) {
                String part = job.role() + ": " + job.provider() + ", Task Count " + job.taskCount();
                if (job.shardCount() != job.taskCount()) {
                    part += " of which " + job.shardCount() + " read a shard";
                }
                parts.add(part);
            }
            s.append(String.join("; ", parts)).append(')');
            return s.toString();
        }
    }

    /**
     * Runs {@code EXPLAIN (FORMAT JSON) <sql>} as a prepared statement with the parameters bound the way the
     * application binds them ({@link PreparedStatement#setObject(int, Object)}), with
     * {@code plan_cache_mode = force_custom_plan}, in a transaction that is rolled back (EXPLAIN without ANALYZE
     * runs nothing; the rollback only ends the transaction). Returns the JSON text.
     */
    public static String explain(Connection c, String sql, Object... params) throws SQLException {
        return planned(c, () -> {
            try (PreparedStatement ps = c.prepareStatement(AssertionSql.EXPLAIN_JSON + stripTrailingSemicolons(sql))) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return text(rs);
                }
            }
        });
    }

    /**
     * Like {@link #explain(Connection, String, Object...)} for SQL as text, sent as it is (no JDBC {@code ?}
     * parameters: the text of a statement as the server logged it, or an {@code EXECUTE} of a prepared one).
     */
    public static String explainText(Connection c, String sql) throws SQLException {
        return planned(c, () -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(AssertionSql.EXPLAIN_JSON + stripTrailingSemicolons(sql))) {
                return text(rs);
            }
        });
    }

    private interface Explain {
        String run() throws SQLException;
    }

    /** Runs an EXPLAIN with custom plans and distributed EXPLAIN on, in a transaction that is rolled back. */
    private static String planned(Connection c, Explain explain) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute(AssertionSql.FORCE_CUSTOM_PLAN);
                s.execute(AssertionSql.EXPLAIN_DISTRIBUTED_QUERIES);
            }
            return explain.run();
        } finally {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static String text(ResultSet rs) throws SQLException {
        StringBuilder out = new StringBuilder();
        while (rs.next()) {
            out.append(rs.getString(1));
        }
        return out.toString();
    }

    /** Reads the JSON text of {@code EXPLAIN (FORMAT JSON)}. */
    public static Plan read(String explainJson) {
        Object root = Json.parse(explainJson);
        List<String> scans = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> plan : plans(root)) {
            walk(plan, "query", scans, jobs);
            render(plan, 0, lines);
        }
        if (scans.isEmpty() && !(root instanceof List)) {
            throw new IllegalArgumentException("not the output of EXPLAIN (FORMAT JSON): " + abbreviate(explainJson));
        }
        return new Plan(Collections.unmodifiableList(scans), Collections.unmodifiableList(jobs), excerpt(lines));
    }

    // ------------------------------------------------------------------------------------------------
    // counting
    // ------------------------------------------------------------------------------------------------

    private static void walk(Map<String, Object> node, String role, List<String> scans, List<Job> jobs) {
        String provider = citusProvider(node);
        if (provider != null) {
            scans.add(provider);
            Map<String, Object> dq = map(node.get("Distributed Query"));
            if (dq != null) {
                int sub = 0;
                for (Object s : list(dq.get("Subplans"))) {
                    sub++;
                    for (Map<String, Object> p : plans(map(s) == null ? null : map(s).get("PlannedStmt"))) {
                        walk(p, "subplan " + sub, scans, jobs);
                    }
                }
                Map<String, Object> job = map(dq.get("Job"));
                if (job != null) {
                    jobs.add(job(provider, role, job));
                }
            }
            for (Map<String, Object> p : plans(node.get("Select Query"))) {
                walk(p, "SELECT of INSERT ... SELECT", scans, jobs);
            }
        }
        for (Object child : list(node.get("Plans"))) {
            Map<String, Object> c = map(child);
            if (c != null) {
                walk(c, role, scans, jobs);
            }
        }
    }

    private static Job job(String provider, String role, Map<String, Object> job) {
        int taskCount = number(job.get("Task Count"));
        String shown = job.get("Tasks Shown") == null ? "" : job.get("Tasks Shown").toString();
        List<Task> tasks = new ArrayList<>();
        for (Object t : list(job.get("Tasks"))) {
            Map<String, Object> task = map(t);
            if (task == null) {
                continue;
            }
            String nodeName = task.get("Node") == null ? "?" : task.get("Node").toString();
            List<String> relations = new ArrayList<>();
            Object remote = task.get("Remote Plan");
            collectRelations(remote, relations);
            tasks.add(new Task(nodeName, List.copyOf(relations), remote != null));
        }
        return new Job(provider, role, taskCount, shown, List.copyOf(tasks));
    }

    private static void collectRelations(Object value, List<String> out) {
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if ("Relation Name".equals(e.getKey()) && e.getValue() != null && !out.contains(e.getValue().toString())) {
                    out.add(e.getValue().toString());
                } else {
                    collectRelations(e.getValue(), out);
                }
            }
        } else if (value instanceof List) {
            for (Object v : (List<?>) value) {
                collectRelations(v, out);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // excerpt: the plan as EXPLAIN's text format would show it, node names and the distributed part only
    // ------------------------------------------------------------------------------------------------

    private static void render(Map<String, Object> node, int indent, List<String> out) {
        out.add(pad(indent) + (indent == 0 ? "" : "->  ") + nodeLine(node));
        int inner = indent + (indent == 0 ? 2 : 6);
        String provider = citusProvider(node);
        if (provider != null) {
            if (node.containsKey("INSERT/SELECT method")) {
                out.add(pad(inner) + "INSERT/SELECT method: " + node.get("INSERT/SELECT method"));
            }
            for (Map<String, Object> p : plans(node.get("Select Query"))) {
                out.add(pad(inner) + "->  SELECT");
                render(p, inner + 6, out);
            }
            Map<String, Object> dq = map(node.get("Distributed Query"));
            if (dq != null) {
                int sub = 0;
                for (Object s : list(dq.get("Subplans"))) {
                    sub++;
                    out.add(pad(inner) + "->  Distributed Subplan " + sub);
                    for (Map<String, Object> p : plans(map(s) == null ? null : map(s).get("PlannedStmt"))) {
                        render(p, inner + 6, out);
                    }
                }
                Map<String, Object> job = map(dq.get("Job"));
                if (job != null) {
                    out.add(pad(inner) + "Task Count: " + job.get("Task Count"));
                    if (job.get("Tasks Shown") != null) {
                        out.add(pad(inner) + "Tasks Shown: " + job.get("Tasks Shown"));
                    }
                    for (Object t : list(job.get("Tasks"))) {
                        Map<String, Object> task = map(t);
                        if (task == null) {
                            continue;
                        }
                        out.add(pad(inner) + "->  Task");
                        out.add(pad(inner + 6) + "Node: " + task.get("Node"));
                        for (Map<String, Object> p : plans(task.get("Remote Plan"))) {
                            render(p, inner + 6, out);
                        }
                    }
                    if (job.containsKey("Dependent Jobs")) {
                        out.add(pad(inner) + "Dependent Jobs: " + list(job.get("Dependent Jobs")).size()
                                + " (re-partition)");
                    }
                }
            }
            if (node.containsKey("citus.explain_distributed_queries")) {
                out.add(pad(inner) + "citus.explain_distributed_queries: " + node.get("citus.explain_distributed_queries"));
            }
        }
        for (Object child : list(node.get("Plans"))) {
            Map<String, Object> c = map(child);
            if (c != null) {
                render(c, inner, out);
            }
        }
    }

    private static String nodeLine(Map<String, Object> node) {
        StringBuilder s = new StringBuilder(String.valueOf(node.get("Node Type")));
        if (node.get("Custom Plan Provider") != null) {
            s.append(" (").append(node.get("Custom Plan Provider")).append(')');
        }
        if (node.get("Relation Name") != null) {
            s.append(" on ").append(node.get("Relation Name"));
            Object alias = node.get("Alias");
            if (alias != null && !alias.equals(node.get("Relation Name"))) {
                s.append(' ').append(alias);
            }
        }
        if (node.get("One-Time Filter") != null) {
            s.append(" (One-Time Filter: ").append(node.get("One-Time Filter")).append(')');
        }
        return s.toString();
    }

    private static String excerpt(List<String> lines) {
        if (lines.size() <= EXCERPT_LINES) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, EXCERPT_LINES)) + "\n... (" + (lines.size() - EXCERPT_LINES)
                + " more lines)";
    }

    private static String pad(int n) {
        return " ".repeat(n);
    }

    // ------------------------------------------------------------------------------------------------
    // JSON shapes
    // ------------------------------------------------------------------------------------------------

    /** The "Plan" objects of an EXPLAIN result, a PlannedStmt list, a Select Query list or a Remote Plan. */
    private static List<Map<String, Object>> plans(Object value) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (value instanceof List) {
            for (Object v : (List<?>) value) {
                out.addAll(plans(v));
            }
        } else if (value instanceof Map) {
            Map<String, Object> m = map(value);
            Map<String, Object> plan = map(m.get("Plan"));
            if (plan != null) {
                out.add(plan);
            }
        }
        return out;
    }

    private static String citusProvider(Map<String, Object> node) {
        Object provider = node.get("Custom Plan Provider");
        if ("Custom Scan".equals(node.get("Node Type")) && provider != null && provider.toString().startsWith("Citus")) {
            return provider.toString();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : null;
    }

    private static List<?> list(Object value) {
        return value instanceof List ? (List<?>) value : List.of();
    }

    private static int number(Object value) {
        if (value instanceof Number) {
            return ((Number) value).intValue();
        }
        try {
            return value == null ? 0 : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 80 ? t : t.substring(0, 80) + "...";
    }

    /** The statement without trailing semicolons and white space, so that it can follow EXPLAIN. */
    public static String stripTrailingSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
