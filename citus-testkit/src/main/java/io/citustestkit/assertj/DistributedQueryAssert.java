package io.citustestkit.assertj;

import static io.citustestkit.assertj.CitusErrorMessage.parts;
import static io.citustestkit.assertj.CitusErrorMessage.shards;
import static io.citustestkit.assertj.CitusErrorMessage.withActualAndExpected;
import static io.citustestkit.assertj.ShouldTouchShards.shouldBeExplainable;
import static io.citustestkit.assertj.ShouldTouchShards.shouldTouchShards;

import io.citustestkit.internal.Args;
import io.citustestkit.internal.PlanReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about the distributed plan of one SQL statement: how many shards it touches. The plan is read from
 * {@code EXPLAIN (FORMAT JSON)} on the coordinator, run as a prepared statement with the parameters bound as the
 * application binds them ({@code PreparedStatement.setObject}), so Citus prunes shards by the real values; the
 * statement itself never runs (no {@code ANALYZE}).
 *
 * <pre>{@code
 * assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
 * assertThat(cluster).query("SELECT count(*) FROM orders").isMultiShardQuery().touchesShards(32);
 * assertThat(cluster).query("INSERT INTO orders (tenant_id, id) VALUES (?, ?)", 42L, 1L).touchesShards(1);
 * }</pre>
 *
 * <p>Shards touched = the {@code "Task Count"} of every distributed job in the plan (the query's, its subplans'
 * and the SELECT of an INSERT ... SELECT), understood for the adaptive executor ({@code Custom Scan (Citus Adaptive)},
 * all queries on Citus 12.1 to 14) and the router executor of older versions ({@code Custom Scan (Citus Router)}). A task that reads no table,
 * which Citus plans when the WHERE clause prunes every shard, is not counted. A query on plain PostgreSQL tables
 * only has no distributed job and touches 0 shards. A failure shows the count and an excerpt of the plan; when a
 * count was expected ({@code isRouterQuery()}, {@code touchesShards(n)}) the error carries actual and expected, so an
 * IDE shows the difference.
 */
public class DistributedQueryAssert extends AbstractAssert<DistributedQueryAssert, ClusterQuery> {

    private PlanReader.Plan plan;

    /** Assertions about the given query; usually created by {@link CitusClusterAssert#query(String, Object...)}. */
    public DistributedQueryAssert(ClusterQuery actual) {
        super(actual, DistributedQueryAssert.class);
    }

    /**
     * Verifies that the query runs on exactly one shard: a router query, such as one whose WHERE clause fixes the
     * distribution column, or one on a reference table.
     */
    public DistributedQueryAssert isRouterQuery() {
        CitusErrorMessage.Parts expectation = parts("run on exactly one shard (a router query)");
        PlanReader.Plan p = plan(expectation);
        if (p.shardCount() != 1) {
            throw withActualAndExpected(info, shouldTouchShards(actual.sql(), actual.params(), expectation, p),
                    p.shardCount(), 1);
        }
        return myself;
    }

    /** Verifies that the query fans out to more than one shard. */
    public DistributedQueryAssert isMultiShardQuery() {
        CitusErrorMessage.Parts expectation = parts("run on more than one shard (a multi-shard query)");
        PlanReader.Plan p = plan(expectation);
        if (p.shardCount() <= 1) {
            throwAssertionError(shouldTouchShards(actual.sql(), actual.params(), expectation, p));
        }
        return myself;
    }

    /** Verifies the number of shards the query touches (see the class description for how they are counted). */
    public DistributedQueryAssert touchesShards(int expected) {
        Args.inRange("expected shard count", expected, 0, Integer.MAX_VALUE);
        CitusErrorMessage.Parts expectation = parts("touch ").append(shards(expected));
        PlanReader.Plan p = plan(expectation);
        if (p.shardCount() != expected) {
            throw withActualAndExpected(info, shouldTouchShards(actual.sql(), actual.params(), expectation, p),
                    p.shardCount(), expected);
        }
        return myself;
    }

    /** The plan, read once per assert instance; an EXPLAIN error fails with the expectation named. */
    private PlanReader.Plan plan(CitusErrorMessage.Parts expectation) {
        isNotNull();
        if (plan != null) {
            return plan;
        }
        String json;
        try (Connection c = Coordinator.connect(actual.cluster(), "query(\"" + actual.sql() + "\")")) {
            json = PlanReader.explain(c, actual.sql(), actual.params().toArray());
        } catch (SQLException e) {
            throw assertionError(shouldBeExplainable(actual.sql(), actual.params(), expectation, e.getMessage()));
        }
        plan = PlanReader.read(json);
        return plan;
    }
}
