package io.citustestkit.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.internal.PlanReader;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plan reading on EXPLAIN (FORMAT JSON) output captured from real clusters (src/test/resources/explain/citus-VERSION-pgN,
 * see ExplainCaptureIT). Every capture directory is checked; the expected shard counts follow from what each statement
 * is (4 shards per distributed table in the capture schema), not from this reader.
 */
class PlanReaderTest {

    static Stream<Path> captures() throws IOException, URISyntaxException {
        Path root = Path.of(PlanReaderTest.class.getResource("/explain").toURI());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        assertThat(dirs).as("capture directories under %s", root).isNotEmpty();
        return dirs.stream();
    }

    static PlanReader.Plan plan(Path dir, String name) throws IOException {
        return PlanReader.read(Files.readString(dir.resolve(name + ".json"), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyCaptureIsLabelledWithTheCitusVersionThatProducedIt(Path dir) throws IOException {
        String version = dir.getFileName().toString().replaceAll("^citus-(.+)-pg\\d+$", "$1");
        List<Path> jsons;
        try (Stream<Path> s = Files.list(dir)) {
            jsons = s.filter(p -> p.toString().endsWith(".json")).collect(Collectors.toList());
        }
        assertThat(jsons).isNotEmpty();
        for (Path json : jsons) {
            Path sidecar = Path.of(json.toString().replaceAll("\\.json$", ".properties"));
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(sidecar)) {
                p.load(r);
            }
            assertThat(p.getProperty("citus_version")).as("%s", sidecar).startsWith("Citus " + version + " ");
            assertThat(p.getProperty("image")).as("%s", sidecar).startsWith("citusdata/citus:");
            assertThat(p.getProperty("sql")).as("%s", sidecar).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void routerQueriesTouchOneShard(Path dir) throws IOException {
        for (String name : List.of("router-select", "router-select-literal", "router-join", "router-insert",
                "router-update")) {
            PlanReader.Plan plan = plan(dir, name);
            assertThat(plan.isDistributed()).as(name).isTrue();
            assertThat(plan.shardCount()).as(name).isEqualTo(1);
            assertThat(plan.jobs()).as(name).singleElement()
                    .satisfies(job -> {
                        assertThat(job.provider()).isEqualTo("Citus Adaptive");
                        assertThat(job.taskCount()).isEqualTo(1);
                        assertThat(job.tasksShown()).isEqualTo("All");
                        assertThat(job.shownTasks()).singleElement()
                                .satisfies(t -> assertThat(t.node()).matches("host=worker-\\d+ port=5432 dbname=test"));
                    });
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void multiShardQueriesTouchEveryShardTheyReach(Path dir) throws IOException {
        for (String name : List.of("multi-shard-select", "multi-shard-aggregate", "multi-shard-delete",
                "insert-select-pushdown")) {
            PlanReader.Plan plan = plan(dir, name);
            assertThat(plan.shardCount()).as(name).isEqualTo(4);
            assertThat(plan.jobs()).as(name).singleElement()
                    .satisfies(job -> assertThat(job.tasksShown()).isEqualTo("One of 4"));
        }
        // 4 tenants hash to 2..4 of the 4 shards; Citus makes one task per shard
        PlanReader.Plan insert = plan(dir, "multi-row-insert");
        assertThat(insert.shardCount()).isBetween(2, 4).isEqualTo(insert.taskCount());
    }

    @ParameterizedTest
    @MethodSource("captures")
    void referenceAndCitusLocalTablesAreOneTask(Path dir) throws IOException {
        PlanReader.Plan reference = plan(dir, "reference-select");
        assertThat(reference.shardCount()).isEqualTo(1);
        assertThat(reference.jobs().get(0).shownTasks().get(0).relations()).singleElement()
                .asString().startsWith("countries_");

        PlanReader.Plan citusLocal = plan(dir, "citus-local-select");
        assertThat(citusLocal.shardCount()).isEqualTo(1);
        assertThat(citusLocal.jobs().get(0).shownTasks().get(0).node()).startsWith("host=coordinator ");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void subplansAreCountedWithTheMainQuery(Path dir) throws IOException {
        PlanReader.Plan plan = plan(dir, "cte-subplan");

        assertThat(plan.jobs()).extracting(PlanReader.Job::role).containsExactly("subplan 1", "query");
        assertThat(plan.shardCount()).isEqualTo(8);
        assertThat(plan.summary()).contains("subplan 1: Citus Adaptive, Task Count 4", "query: Citus Adaptive, Task Count 4");
        assertThat(plan.excerpt()).contains("->  Distributed Subplan 1", "Task Count: 4", "Tasks Shown: One of 4");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void insertSelectViaTheCoordinatorCountsItsSelect(Path dir) throws IOException {
        PlanReader.Plan plan = plan(dir, "insert-select-repartition");

        assertThat(plan.citusScans()).containsExactly("Citus INSERT ... SELECT", "Citus Adaptive");
        assertThat(plan.jobs()).singleElement().satisfies(job -> {
            assertThat(job.role()).isEqualTo("SELECT of INSERT ... SELECT");
            assertThat(job.taskCount()).isEqualTo(4);
        });
        assertThat(plan.excerpt()).contains("Custom Scan (Citus INSERT ... SELECT)", "INSERT/SELECT method: repartition");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void aPlainTableQueryHasNoDistributedPlan(Path dir) throws IOException {
        PlanReader.Plan plan = plan(dir, "local-select");

        assertThat(plan.isDistributed()).isFalse();
        assertThat(plan.shardCount()).isZero();
        assertThat(plan.summary()).startsWith("0 shards: the plan has no Citus custom scan");
        assertThat(plan.excerpt()).startsWith("Index Scan on scratch");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void aTaskThatReadsNoTableTouchesNoShard(Path dir) throws IOException {
        PlanReader.Plan plan = plan(dir, "pruned-to-nothing");

        assertThat(plan.taskCount()).isEqualTo(1);
        assertThat(plan.shardCount()).isZero();
        assertThat(plan.summary()).contains("Task Count 1 of which 0 read a shard");
        assertThat(plan.excerpt()).contains("Result (One-Time Filter: ");
    }

    @ParameterizedTest
    @MethodSource("captures")
    void theExcerptReadsLikeTextExplain(Path dir) throws IOException {
        String excerpt = plan(dir, "multi-shard-aggregate").excerpt();

        assertThat(excerpt.lines()).first().isEqualTo("Aggregate");
        assertThat(excerpt).contains("  ->  Custom Scan (Citus Adaptive)", "Task Count: 4", "->  Task",
                "Node: host=worker-", "->  Seq Scan on orders_");
    }

    /**
     * The router executor ("Custom Scan (Citus Router)") belongs to older Citus versions: no image this project tests makes
     * it. This plan is the captured Citus 13.2.0 router-select with only the provider name edited, to check that
     * any Citus custom scan is read the same way.
     */
    @Test
    void readsTheOlderRouterExecutor() throws IOException, URISyntaxException {
        Path dir = Path.of(PlanReaderTest.class.getResource("/explain/citus-13.2.0-pg17").toURI());
        String json = Files.readString(dir.resolve("router-select.json")).replace("\"Citus Adaptive\"", "\"Citus Router\"");

        PlanReader.Plan plan = PlanReader.read(json);

        assertThat(plan.citusScans()).containsExactly("Citus Router");
        assertThat(plan.shardCount()).isEqualTo(1);
        assertThat(plan.excerpt()).startsWith("Custom Scan (Citus Router)");
    }

    @Test
    void aLongPlanIsCutInTheExcerpt() {
        StringBuilder json = new StringBuilder();
        int depth = PlanReader.EXCERPT_LINES + 10;
        for (int i = 0; i < depth; i++) {
            json.append("{\"Node Type\": \"Nested Loop\", \"Plans\": [");
        }
        json.append("{\"Node Type\": \"Result\"}");
        json.append("]}".repeat(depth));

        String excerpt = PlanReader.read("[{\"Plan\": " + json + "}]").excerpt();

        assertThat(excerpt.lines()).hasSize(PlanReader.EXCERPT_LINES + 1);
        assertThat(excerpt).endsWith("... (11 more lines)");
    }

    @Test
    void anExplainWithDistributedQueriesOffIsShownAsSuch() {
        String json = "[{\"Plan\": {\"Node Type\": \"Custom Scan\", \"Custom Plan Provider\": \"Citus Adaptive\","
                + " \"citus.explain_distributed_queries\": false}}]";

        PlanReader.Plan plan = PlanReader.read(json);

        assertThat(plan.isDistributed()).isTrue();
        assertThat(plan.jobs()).isEmpty();
        assertThat(plan.summary()).contains("but EXPLAIN shows no distributed job");
        assertThat(plan.excerpt()).contains("citus.explain_distributed_queries: false");
    }

    @Test
    void rejectsWhatIsNotExplainOutput() {
        assertThatThrownBy(() -> PlanReader.read("{\"Plan\": 1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the output of EXPLAIN (FORMAT JSON)");
    }

    @Test
    void stripsTrailingSemicolons() {
        assertThat(PlanReader.stripTrailingSemicolons(" SELECT 1 ; ; ")).isEqualTo("SELECT 1");
    }
}
