package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The log reader on lines as PostgreSQL 17 with Citus 13 writes them (taken from a real container log). */
class MultiTaskLogTest {

    static final String P = "2026-12-01 09:51:51.248 UTC [143] ";

    static List<String> record(String prefix, String... parts) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add(prefix + "LOG:  multi-task query about to be executed");
        lines.add(prefix + "HINT:  Queries are split to multiple tasks if they have to be split into several queries"
                + " on the workers.");
        for (String p : parts) {
            lines.add(p.startsWith("\t") ? p : prefix + p);
        }
        return lines;
    }

    static MultiTaskLog.Window feed(MultiTaskLog log, String id, List<String> inside, List<String> outside) {
        MultiTaskLog.Window w = log.window(id);
        outside.forEach(log::accept);
        log.accept(P + "LOG:  " + MultiTaskLog.MARK + id + " begin");
        log.accept(P + "CONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE");
        log.accept(P + "STATEMENT:  DO $$BEGIN RAISE LOG '" + MultiTaskLog.MARK + "% begin', '" + id + "'; END$$");
        inside.forEach(log::accept);
        log.accept(P + "LOG:  " + MultiTaskLog.MARK + id + " end");
        outside.forEach(log::accept);
        return w;
    }

    @Test
    void aStatementWithParametersBetweenTheMarksIsCapturedWithThem() {
        MultiTaskLog log = new MultiTaskLog();
        List<String> inside = record(P, "CONTEXT:  unnamed portal with parameters: $1 = 'it''s', $2 = '3'",
                "STATEMENT:  SELECT count(*) FROM t WHERE v = $1 AND k > $2");
        MultiTaskLog.Window w = feed(log, "a", inside, List.of());

        assertThat(w.ended()).isCompleted();
        assertThat(w.statements()).containsExactly(new LoggedStatement("SELECT count(*) FROM t WHERE v = $1 AND k > $2",
                "$1 = 'it''s', $2 = '3'", ""));
        assertThat(w.statements().get(0).parameterLiterals()).containsExactly("'it''s'", "'3'");
    }

    @Test
    void multiLineStatementsAndPlpgsqlContextAreKept() {
        MultiTaskLog log = new MultiTaskLog();
        List<String> inside = new java.util.ArrayList<>(record(P, "STATEMENT:  UPDATE t SET v = 'x'", "\t WHERE v IS NULL"));
        inside.addAll(record("2026-12-01 09:51:51.296 UTC [150] ", "CONTEXT:  SQL statement \"SELECT count(*) FROM t\"",
                "\tPL/pgSQL function inline_code_block line 1 at PERFORM",
                "STATEMENT:  DO $$BEGIN PERFORM count(*) FROM t; END$$"));
        MultiTaskLog.Window w = feed(log, "b", inside, List.of());

        assertThat(w.statements()).containsExactly(
                new LoggedStatement("UPDATE t SET v = 'x'\n WHERE v IS NULL", "", ""),
                new LoggedStatement("DO $$BEGIN PERFORM count(*) FROM t; END$$", "",
                        "SQL statement \"SELECT count(*) FROM t\"\nPL/pgSQL function inline_code_block line 1 at PERFORM"));
    }

    @Test
    void recordsOutsideTheMarksAndTheKitsOwnMarkStatementsAreNotCaptured() {
        MultiTaskLog log = new MultiTaskLog();
        List<String> outside = record(P, "STATEMENT:  SELECT count(*) FROM before_or_after");
        MultiTaskLog.Window w = feed(log, "c", List.of(P + "LOG:  checkpoint starting: time"), outside);

        assertThat(w.ended()).isCompleted();
        assertThat(w.statements()).isEmpty();
    }

    @Test
    void aWarningLevelAndAnEmptyLogLinePrefixAreReadToo() {
        MultiTaskLog log = new MultiTaskLog();
        MultiTaskLog.Window w = log.window("d");
        log.accept("LOG:  " + MultiTaskLog.MARK + "d begin");
        log.accept("WARNING:  multi-task query about to be executed");
        log.accept("STATEMENT:  SELECT count(*) FROM t");
        log.accept("LOG:  " + MultiTaskLog.MARK + "d end");

        assertThat(w.statements()).extracting(LoggedStatement::sql).containsExactly("SELECT count(*) FROM t");
    }

    @Test
    void nullParametersAndDollarSignsInValuesAreRead() {
        LoggedStatement s = new LoggedStatement("SELECT $1, $2, $3", "$1 = NULL, $2 = 'costs $2, $3 = x', $3 = '7'", "");
        assertThat(s.parameterLiterals()).containsExactly("NULL", "'costs $2, $3 = x'", "'7'");
    }

    @Test
    void anAllowPatternThatDoesNotCompileIsNamed() {
        assertThatThrownBy(() -> FanOutReport.patterns("@RouterQueriesOnly(allow)", "FROM orders", "count(*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@RouterQueriesOnly(allow)[1] is not a regular expression: \"count(*\"")
                .hasMessageContaining("allowed: a java.util.regex.Pattern");
    }

    @Test
    void theReportListsEachStatementWithParametersAndShards() {
        List<LoggedStatement> s = List.of(
                new LoggedStatement("SELECT count(*) FROM orders WHERE status = $1", "$1 = 'open'", "").withShards(4),
                new LoggedStatement("SELECT 1;\nSELECT count(*) FROM orders", "", "").withShardsUnknown("EXPLAIN failed"));
        assertThat(FanOutReport.message("OrdersTest.lists()", s, FanOutReport.ANNOTATION_HINT)).isEqualTo(String.join(
                System.lineSeparator(), "",
                "Expecting every statement sent to the coordinator during:",
                "  OrdersTest.lists()",
                "to run on a single shard group (a router query), or on reference or local tables only",
                "but 2 statements fanned out to more than one shard:",
                "  1. SELECT count(*) FROM orders WHERE status = $1",
                "     parameters: $1 = 'open'",
                "     shards touched: 4",
                "  2. SELECT 1;",
                "     SELECT count(*) FROM orders",
                "     shards touched: not known (EXPLAIN failed)",
                FanOutReport.ANNOTATION_HINT));
        assertThat(FanOutReport.notAllowed(s, FanOutReport.patterns("allow", "WHERE status"))).containsExactly(s.get(1));
    }
}
