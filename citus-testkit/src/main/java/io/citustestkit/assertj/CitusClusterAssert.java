package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.AssertionSql;
import io.citustestkit.internal.Jdbc;
import io.citustestkit.internal.LoggedStatement;
import io.citustestkit.internal.StatementCapture;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions about a started {@link CitusClusterContainer}: its workers, and entry points to assertions about a
 * table ({@link #table(String)}) and a query's distributed plan ({@link #query(String, Object...)}). Every
 * assertion reads the coordinator's metadata when it runs.
 *
 * <pre>{@code
 * import static io.citustestkit.assertj.CitusAssertions.assertThat;
 *
 * assertThat(cluster).hasActiveWorkers(2);
 * assertThat(cluster).table("orders").isDistributed().hasDistributionColumn("tenant_id");
 * assertThat(cluster).query("SELECT * FROM orders WHERE tenant_id = ?", 42L).isRouterQuery();
 * }</pre>
 */
public class CitusClusterAssert extends AbstractAssert<CitusClusterAssert, CitusClusterContainer> {

    private SoftAssertionsProvider softly;

    /** Assertions about the given cluster; usually created by {@link CitusAssertions#assertThat(CitusClusterContainer)}. */
    public CitusClusterAssert(CitusClusterContainer actual) {
        super(actual, CitusClusterAssert.class);
    }

    /** Makes {@link #table(String)} and {@link #query(String, Object...)} collect their failures there too. */
    void collectingIn(SoftAssertionsProvider softAssertions) {
        this.softly = softAssertions;
    }

    /**
     * Verifies that the coordinator sees exactly {@code expected} active workers
     * ({@code citus_get_active_worker_nodes()}).
     */
    public CitusClusterAssert hasActiveWorkers(int expected) {
        isNotNull();
        List<String> active = new ArrayList<>();
        List<String> registered = new ArrayList<>();
        try (Connection c = Coordinator.connect(actual, "hasActiveWorkers")) {
            for (List<Object> row : Jdbc.query(c, AssertionSql.ACTIVE_WORKERS)) {
                active.add(row.get(0) + ":" + row.get(1));
            }
            if (active.size() != expected) {
                for (List<Object> row : Jdbc.query(c, AssertionSql.WORKER_NODES)) {
                    registered.add(row.get(0) + ":" + row.get(1) + " (" + (Boolean.TRUE.equals(row.get(2)) ? "active" : "inactive")
                            + ", " + row.get(3) + (Boolean.TRUE.equals(row.get(4)) ? "" : ", shouldhaveshards false") + ")");
                }
            }
        } catch (SQLException e) {
            throw Coordinator.readFailure("hasActiveWorkers", e);
        }
        if (active.size() != expected) {
            // actual and expected counts go with the message, so an IDE shows the difference
            throw CitusErrorMessage.withActualAndExpected(info,
                    ShouldHaveActiveWorkers.shouldHaveActiveWorkers(expected, active, registered), active.size(),
                    expected);
        }
        return myself;
    }

    /**
     * Assertions about one table of the cluster. The name is resolved like {@code 'name'::regclass}: it may be
     * schema-qualified ({@code "app.orders"}) and double-quoted ({@code "app.\"Orders\""}); an unqualified name is
     * looked up on the coordinator's search path. A table that does not exist fails every table assertion.
     */
    public DistributedTableAssert table(String name) {
        isNotNull();
        ClusterTable table = new ClusterTable(actual, name);
        if (softly != null) {
            return softly.proxy(DistributedTableAssert.class, ClusterTable.class, table);
        }
        return new DistributedTableAssert(table);
    }

    /**
     * Assertions about the distributed plan of one SQL statement, read from {@code EXPLAIN (FORMAT JSON)} with the
     * parameters bound as the application binds them ({@code PreparedStatement.setObject}); the statement itself
     * does not run.
     *
     * @param sql    one statement with JDBC {@code ?} parameters
     * @param params the parameter values, in order
     */
    public DistributedQueryAssert query(String sql, Object... params) {
        isNotNull();
        ClusterQuery query = new ClusterQuery(actual, sql, params == null ? List.of() : Arrays.asList(params));
        if (softly != null) {
            return softly.proxy(DistributedQueryAssert.class, ClusterQuery.class, query);
        }
        return new DistributedQueryAssert(query);
    }

    /**
     * Tenant-safety checks of one schema: tables left local, distributed tables out of co-location, foreign keys to
     * local tables. The name is the schema's as the catalog stores it ({@code "public"}).
     */
    public SchemaAssert schema(String name) {
        isNotNull();
        ClusterSchema schema = new ClusterSchema(actual, name);
        if (softly != null) {
            return softly.proxy(SchemaAssert.class, ClusterSchema.class, schema);
        }
        return new SchemaAssert(schema);
    }

    /**
     * Runs the block and captures the statements that every session (the application's own pool included) sent to
     * the coordinator meanwhile and that Citus ran as more than one task; then {@link
     * StatementsAssert#areAllRouterQueries()} checks them. The kit's own statements never count. An exception of
     * the block is rethrown as it is, after the capture ended.
     */
    public StatementsAssert statementsDuring(ThrowingRunnable block) {
        isNotNull();
        io.citustestkit.internal.Args.notNull("block", block);
        List<MultiShardStatement> captured = new ArrayList<>();
        try (StatementCapture.Capture capture = StatementCapture.of(actual).begin()) {
            try {
                block.run();
            } catch (Throwable t) {
                throw StatementCapture.<RuntimeException>rethrow(t);
            }
            for (LoggedStatement s : capture.end()) {
                captured.add(new MultiShardStatement(s.sql(), s.parameters(), s.context(), s.shards(),
                        s.shardsUnknown()));
            }
        }
        ClusterStatements statements = new ClusterStatements("the block given to statementsDuring(...)", captured);
        if (softly != null) {
            return softly.proxy(StatementsAssert.class, ClusterStatements.class, statements);
        }
        return new StatementsAssert(statements);
    }
}
