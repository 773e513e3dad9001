package io.citustestkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.ClusterSql;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.ext.ScriptUtils;
import org.testcontainers.jdbc.JdbcDatabaseDelegate;

/**
 * Per-test reset (issue 15): {@code truncateTables()} and {@code reset()} on a 1 + 2 cluster, for the ten-table
 * schema of the JUnit benchmark and for an application-sized one ({@code bench/app-schema.sql}: 87 tables, about
 * 2,200 shard placements), where each "test" writes to two or three tables. For comparison, in the same run and
 * interleaved with {@code truncateTables()}, one {@code TRUNCATE ... RESTART IDENTITY CASCADE} of every table.
 * Prints medians and the machine's load; asserts only that each reset did its job.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=ResetBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=15 (truncate rounds; reset rounds are a third, at least 3),
 * -Dcitustestkit.bench.image=citusdata/citus:13.2.0, -Dcitustestkit.bench.appOnly=true (one round of ten tables). Add
 * -Dorg.slf4j.simpleLogger.log.io.citustestkit.internal.ClusterReset=debug for a breakdown of every call.
 */
class ResetBenchmark {

    private static final String TEN_TABLES = "junit/ten-tables.sql";
    private static final String APP_SCHEMA = "bench/app-schema.sql";

    /** The reference data the application's tests rely on: kept by truncateTables() (and the comparison). */
    private static final List<String> KEPT = List.of("public.countries", "public.plans");

    /** What the tests of the application-sized schema write: two or three tables each, in turn. */
    private static final String[][] APP_TESTS = {
        {"INSERT INTO tenants VALUES (1, 'a', 1), (2, 'b', 2)",
            "INSERT INTO users (tenant_id, email) VALUES (1, 'x@a'), (2, 'y@b')",
            "INSERT INTO orders (tenant_id, country_id) VALUES (1, 1), (2, 2)"},
        {"INSERT INTO accounts VALUES (10, 'acc')",
            "INSERT INTO ledger_entries (account_id, amount) SELECT 10, g FROM generate_series(1, 20) g"},
        {"INSERT INTO tenants VALUES (3, 'c', 1)",
            "INSERT INTO page_views SELECT 3, '2026-03-01'::timestamptz + g * interval '1 day', '/', 'web'"
                    + " FROM generate_series(1, 30) g",
            "INSERT INTO billing.invoices (tenant_id, amount) VALUES (3, 9.5)"},
        {"INSERT INTO job_queue (payload) VALUES ('j')", "INSERT INTO tenants VALUES (4, 'd', NULL)",
            "INSERT INTO tasks (tenant_id, body) VALUES (4, 't')"},
    };

    @Test
    void truncateAndResetOfTenTablesAndOfAnApplicationSizedSchema() throws Exception {
        String image = System.getProperty("citustestkit.bench.image", TestImages.primary());
        int runs = Integer.getInteger("citustestkit.bench.runs", 15);
        int resetRuns = Math.max(3, runs / 3);
        TestImages.assumeAvailable(image);
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)) {
            cluster.start();
            String load0 = load();

            // ten distributed tables, 100 rows each (ExtensionBenchmark's schema)
            runScript(cluster, TEN_TABLES);
            List<Long> tenTruncate = new ArrayList<>();
            List<Long> tenTruncateStatement = new ArrayList<>();
            List<Long> tenReset = new ArrayList<>();
            int tenRuns = Boolean.getBoolean("citustestkit.bench.appOnly") ? 1 : runs;
            for (int i = 0; i < tenRuns; i++) {
                fillTen(cluster);
                tenTruncate.add(timed(cluster::truncateTables));
                fillTen(cluster);
                tenTruncateStatement.add(timedTruncateStatement(cluster));
            }
            for (int i = 0; i < tenRuns; i++) {
                fillTen(cluster);
                tenReset.add(timed(cluster::reset));
                runScript(cluster, TEN_TABLES);
            }
            cluster.reset();
            String load1 = load();

            // the application-sized schema
            List<Long> appTruncate = new ArrayList<>();
            List<Long> appTruncateStatement = new ArrayList<>();
            List<Long> appReset = new ArrayList<>();
            List<Long> appSchema = new ArrayList<>();
            long t = System.nanoTime();
            runScript(cluster, APP_SCHEMA);
            appSchema.add(System.nanoTime() - t);
            cluster.withKeptTables(KEPT.toArray(new String[0]));
            try (Connection c = cluster.createConnection("")) {
                for (int i = 0; i < runs; i++) {
                    Sql.exec(c, APP_TESTS[i % APP_TESTS.length]);
                    appTruncate.add(timed(cluster::truncateTables));
                    assertThat(Sql.count(c, "SELECT count(*) FROM tenants")).isZero();
                    if (i % 3 == 0) {
                        Sql.exec(c, APP_TESTS[i % APP_TESTS.length]);
                        appTruncateStatement.add(timedTruncateStatement(cluster));
                    }
                }
            }
            String load2 = load();
            for (int i = 0; i < resetRuns; i++) {
                try (Connection c = cluster.createConnection("")) {
                    Sql.exec(c, APP_TESTS[i % APP_TESTS.length]);
                }
                appReset.add(timed(cluster::reset));
                try (Connection c = cluster.createConnection("")) {
                    assertThat(Sql.count(c, "SELECT count(*) FROM pg_dist_partition")).isZero();
                }
                t = System.nanoTime();
                runScript(cluster, APP_SCHEMA);
                appSchema.add(System.nanoTime() - t);
            }
            String load3 = load();

            System.out.printf(Locale.ROOT, "%n== per-test reset, 1 + 2 cluster, image %s, %d cores ==%n", image,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "load (1/5/15 min): start %s | after ten tables %s | after app truncates %s"
                    + " | end %s%n", load0, load1, load2, load3);
            print("ten tables: truncateTables()", tenTruncate, "target: no worse than before (74-99 ms)");
            print("ten tables: TRUNCATE ... RESTART IDENTITY CASCADE (same run)", tenTruncateStatement, "");
            print("ten tables: reset()", tenReset, "target: no worse than before (193-258 ms)");
            print("app schema (87 tables): truncateTables() after a test wrote 2-3 tables", appTruncate,
                    "target <= 60 ms");
            print("app schema: TRUNCATE ... RESTART IDENTITY CASCADE of every table (same run)", appTruncateStatement,
                    "");
            print("app schema: reset()", appReset, "target <= 400 ms");
            print("app schema: creating it (the init script, untimed by the targets)", appSchema, "");
        }
    }

    private static void fillTen(CitusClusterContainer cluster) throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            for (int i = 1; i <= 10; i++) {
                Sql.exec(c, "INSERT INTO bench_" + i + " SELECT g, g FROM generate_series(1, 100) g");
            }
        }
    }

    private static long timedTruncateStatement(CitusClusterContainer cluster) throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            List<String> tables = new ArrayList<>(Jdbc.strings(c, ClusterSql.USER_TABLES));
            tables.removeAll(KEPT);
            String sql = ClusterSql.truncateAll(tables);
            long t = System.nanoTime();
            Sql.exec(c, sql);
            return System.nanoTime() - t;
        }
    }

    private static long timed(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    private static void runScript(JdbcDatabaseContainer<?> cluster, String script) {
        try (JdbcDatabaseDelegate delegate = new JdbcDatabaseDelegate(cluster, "")) {
            ScriptUtils.runInitScript(delegate, script);
        }
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static void print(String what, List<Long> nanos, String target) {
        List<Long> ms = new ArrayList<>();
        nanos.forEach(n -> ms.add(n / 1_000_000));
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-78s median %5d ms  (n=%d, min %d, max %d)  %s%n", what,
                sorted.get(sorted.size() / 2), sorted.size(), sorted.get(0), sorted.get(sorted.size() - 1), target);
    }
}
