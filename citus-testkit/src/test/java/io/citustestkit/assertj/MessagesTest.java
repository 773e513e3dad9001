package io.citustestkit.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.PlanReader;
import io.citustestkit.internal.TableMetadata;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.Representation;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

/**
 * Failure messages, rendered the way AssertJ renders a message factory (the format, its arguments formatted by a
 * Representation): expected and actual metadata or plan, AssertJ layout ({@code Expecting ... to ... but was ...}),
 * values through the Representation (strings quoted), the kit's descriptions as they are.
 */
class MessagesTest {

    static final TableMetadata ORDERS = new TableMetadata("public.orders", "r", "h", "id", "bigint", 3, "s", 32);
    static final TableMetadata ITEMS = new TableMetadata("public.order_items", "r", "h", "tenant_id", "bigint", 4, "s", 32);
    static final TableMetadata COUNTRIES = new TableMetadata("public.countries", "r", "n", null, null, 1, "t", 1);
    static final TableMetadata AUDIT = new TableMetadata("public.audit_log", "r", "n", null, null, 0, "s", 1);
    static final TableMetadata SCRATCH = new TableMetadata("public.scratch", "r", null, null, null, null, null, 0);

    static String render(ErrorMessageFactory message) {
        return message.create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);
    }

    static CitusErrorMessage.Parts expectation(String text) {
        return CitusErrorMessage.parts(text);
    }

    static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines);
    }

    @Test
    void activeWorkersListsWhatCitusSeesAndWhatIsRegistered() {
        String m = render(ShouldHaveActiveWorkers.shouldHaveActiveWorkers(3, List.of("worker-1:5432", "worker-2:5432"),
                List.of("worker-1:5432 (active, primary)", "worker-2:5432 (active, primary)",
                        "worker-3:5432 (inactive, primary)")));

        assertThat(m).isEqualTo(lines("",
                "Expecting the Citus cluster",
                "to have 3 active workers",
                "but was:",
                "  2 active workers (citus_get_active_worker_nodes())",
                "    worker-1:5432",
                "    worker-2:5432",
                "Workers in pg_dist_node:",
                "    worker-1:5432 (active, primary)",
                "    worker-2:5432 (active, primary)",
                "    worker-3:5432 (inactive, primary)"));
    }

    @Test
    void aTableOfTheWrongKindIsDescribedWithItsMetadata() {
        String m = render(ShouldBeTableOfKind.shouldBeTableOfKind(COUNTRIES, expectation("be distributed")));

        assertThat(m).startsWith(lines("", "Expecting table:", "  public.countries", "to be distributed", "but was:",
                "  a reference table (partition method none"));
        assertThat(m).contains("colocation id 1, 1 shard)");
    }

    @Test
    void theWrongDistributionColumnShowsTheActualOne() {
        String m = render(ShouldHaveDistributionColumn.shouldHaveDistributionColumn(ORDERS, "tenant_id"));

        assertThat(m).isEqualTo(lines("",
                "Expecting table:",
                "  public.orders",
                "to be distributed by column:",
                "  tenant_id",
                "but was distributed by column:",
                "  id",
                "(a distributed table (partition method hash, distribution column id bigint, colocation id 3, 32 shards))"));
    }

    @Test
    void aTableWithoutDistributionColumnSaysSo() {
        assertThat(render(ShouldHaveDistributionColumn.shouldHaveDistributionColumn(AUDIT, "id")))
                .contains("but was:" + System.lineSeparator() + "  a Citus-local table")
                .endsWith("which has no distribution column");
    }

    @Test
    void shardCountShowsTheActualCount() {
        assertThat(render(ShouldHaveShardCount.shouldHaveShardCount(ORDERS, 8))).startsWith(lines("",
                "Expecting table:", "  public.orders", "to have 8 shards", "but was:", "  32 shards in pg_dist_shard"));
        assertThat(render(ShouldHaveShardCount.shouldHaveShardCount(COUNTRIES, 2))).contains("but was:"
                + System.lineSeparator() + "  1 shard in pg_dist_shard");
    }

    @Test
    void colocationShowsBothColocationIds() {
        String m = render(ShouldBeColocated.shouldBeColocated(ORDERS, ITEMS));

        assertThat(m).isEqualTo(lines("",
                "Expecting table:",
                "  public.orders",
                "to be co-located with:",
                "  public.order_items",
                "but was not: their colocation ids differ:",
                "  public.orders: a distributed table (partition method hash, distribution column id bigint,"
                        + " colocation id 3, 32 shards)",
                "  public.order_items: a distributed table (partition method hash, distribution column tenant_id"
                        + " bigint, colocation id 4, 32 shards)"));
        assertThat(render(ShouldBeColocated.shouldBeColocated(AUDIT, AUDIT)))
                .contains("colocation id 0 (a Citus-local table)");
        assertThat(render(ShouldBeColocated.shouldBeColocated(SCRATCH, ORDERS))).contains("not in Citus metadata")
                .contains("public.scratch: a plain PostgreSQL table");
    }

    @Test
    void shardsOnEveryWorkerNamesTheWorkersWithoutShards() {
        String m = render(ShouldHaveShardsOnEveryWorker.shouldHaveShardsOnEveryWorker(ORDERS, List.of(
                new TableMetadata.NodePlacements("coordinator", 5432, true, true, false, 0),
                new TableMetadata.NodePlacements("worker-1", 5432, false, true, true, 32),
                new TableMetadata.NodePlacements("worker-2", 5432, false, true, false, 0))));

        assertThat(m).startsWith(lines("",
                "Expecting table:",
                "  public.orders",
                "to have shards on every active worker",
                "but worker worker-2:5432 has no shard of it.",
                "Shard placements per node (pg_dist_placement):",
                "  coordinator:5432: 0 placements (coordinator, shouldhaveshards false)",
                "  worker-1:5432: 32 placements",
                "  worker-2:5432: 0 placements (shouldhaveshards false)"));
    }

    @Test
    void shardsOnEveryWorkerWithoutWorkersOrShards() {
        List<TableMetadata.NodePlacements> coordinatorOnly =
                List.of(new TableMetadata.NodePlacements("coordinator", 5432, true, true, true, 32));
        assertThat(render(ShouldHaveShardsOnEveryWorker.shouldHaveShardsOnEveryWorker(ORDERS, coordinatorOnly)))
                .contains("but the cluster has no active worker.");
        assertThat(render(ShouldHaveShardsOnEveryWorker.shouldHaveShardsOnEveryWorker(SCRATCH, coordinatorOnly)))
                .contains("but it has no shards: a plain PostgreSQL table");
    }

    @Test
    void aMissingTableNamesTheLookupAndTheSearchPath() {
        assertThat(render(TableShouldExist.tableShouldExist("app.Orders", expectation("be distributed"),
                "\"$user\", public"))).isEqualTo(lines("",
                "Expecting table:",
                "  app.Orders",
                "to be distributed",
                "but it does not exist: to_regclass('app.Orders') is NULL (search_path: \"$user\", public)"));
        assertThat(render(TableShouldExist.tableShouldExist("o'brien", expectation("exist"), "public")))
                .contains("to_regclass('o''brien')");
    }

    @Test
    void anInvalidNameShowsTheError() {
        assertThat(render(TableShouldExist.tableNameShouldBeValid("a.b.c.d", expectation("be distributed"),
                "ERROR: improper relation name")))
                .endsWith(lines("but the name is not valid: to_regclass('a.b.c.d') failed:",
                        "  ERROR: improper relation name"));
    }

    @Test
    void aQueryFailureShowsTheShardCountAndAPlanExcerpt() throws Exception {
        PlanReader.Plan plan = capturedPlan("multi-shard-select");

        String m = render(ShouldTouchShards.shouldTouchShards("SELECT tenant_id, id FROM orders WHERE amount > ?",
                List.of(new BigDecimal("10")), expectation("run on exactly one shard (a router query)"), plan));

        assertThat(m).startsWith(lines("",
                "Expecting query:",
                "  SELECT tenant_id, id FROM orders WHERE amount > ?",
                "with parameters:",
                "  $1 = 10 (BigDecimal)",
                "to run on exactly one shard (a router query)",
                "but it touches 4 shards (query: Citus Adaptive, Task Count 4)",
                "Plan excerpt (EXPLAIN):",
                "  Custom Scan (Citus Adaptive)",
                "    Task Count: 4",
                "    Tasks Shown: One of 4",
                "    ->  Task"));
    }

    @Test
    void percentSignsAndLineBreaksInValuesSurviveFormatting() throws Exception {
        PlanReader.Plan plan = capturedPlan("router-select");

        String m = render(ShouldTouchShards.shouldTouchShards("SELECT * FROM orders\nWHERE note LIKE '%n%' AND tenant_id = ?",
                Arrays.asList(42L, null), CitusErrorMessage.parts("touch ").append(CitusErrorMessage.shards(2)), plan));

        assertThat(m).contains(lines("  SELECT * FROM orders", "WHERE note LIKE '%n%' AND tenant_id = ?"))
                .contains(lines("  $1 = 42L (Long)", "  $2 = null"))
                .contains("to touch 2 shards")
                .contains("but it touches 1 shard (query: Citus Adaptive, Task Count 1)");
    }

    @Test
    void anExplainErrorIsShown() {
        assertThat(render(ShouldTouchShards.shouldBeExplainable("SELEC 1", List.of(), expectation("touch 1 shard"),
                "ERROR: syntax error at or near \"SELEC\"")))
                .isEqualTo(lines("", "Expecting query:", "  SELEC 1", "to touch 1 shard",
                        "but EXPLAIN (FORMAT JSON) failed:", "  ERROR: syntax error at or near \"SELEC\""));
    }

    @Test
    void valuesGoThroughTheRepresentationIdentifiersAndDescriptionsAreShownAsTheyAre() throws Exception {
        Representation tagged = new StandardRepresentation() {
            @Override
            public String toStringOf(Object o) {
                if (o instanceof byte[]) {
                    return "<" + ((byte[]) o).length + " bytes>";
                }
                return o instanceof Number ? "<" + o + ">" : super.toStringOf(o);
            }
        };
        String m = ShouldTouchShards.shouldTouchShards("SELECT * FROM files WHERE digest = ? AND owner = ?",
                Arrays.asList(new byte[] {1, 2, 3}, "ann"), CitusErrorMessage.parts("touch ")
                        .append(CitusErrorMessage.shards(2)), capturedPlan("router-select"))
                .create(new TextDescription("files"), tagged);

        assertThat(m).startsWith("[files] " + lines("",
                "Expecting query:",
                "  SELECT * FROM files WHERE digest = ? AND owner = ?",
                "with parameters:",
                "  $1 = <3 bytes> (byte[])",
                "  $2 = \"ann\" (String)",
                "to touch <2> shards",
                "but it touches 1 shard (query: Citus Adaptive, Task Count 1)"));
        assertThat(ShouldHaveShardCount.shouldHaveShardCount(ORDERS, 8).create(new TextDescription(""), tagged))
                .contains("to have <8> shards", "but was:" + System.lineSeparator() + "  <32> shards in pg_dist_shard");
    }

    @Test
    void theFormatHoldsNoValueSoPercentSignsInValuesAreNeverFormatDirectives() {
        ErrorMessageFactory m = TableShouldExist.tableShouldExist("100%s_done", expectation("be distributed"), "public");
        // were the name in the format, rendering would fail for want of an argument (or format another one)
        assertThat(render(m)).contains("  100%s_done" + System.lineSeparator()).contains("to_regclass('100%s_done')");
    }

    static PlanReader.Plan capturedPlan(String name) throws IOException, java.net.URISyntaxException {
        Path dir = Path.of(MessagesTest.class.getResource("/explain/citus-13.2.0-pg17").toURI());
        return PlanReader.read(Files.readString(dir.resolve(name + ".json")));
    }
}
