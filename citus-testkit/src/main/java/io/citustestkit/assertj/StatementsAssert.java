package io.citustestkit.assertj;

import static io.citustestkit.assertj.ShouldBeRouterQueries.shouldBeRouterQueries;

import io.citustestkit.internal.FanOutReport;
import io.citustestkit.internal.LoggedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about the statements a block of code sent to the coordinator, from every session (the application's
 * own connection pool included): the check of {@code @RouterQueriesOnly}, for one block inside a test.
 *
 * <pre>{@code
 * assertThat(cluster).statementsDuring(() -> service.invoice(tenant)).areAllRouterQueries();
 * assertThat(cluster).statementsDuring(() -> reports.nightly())
 *         .allowing("FROM audit_log")   // regular expressions of statements that may fan out
 *         .areAllRouterQueries();
 * }</pre>
 *
 * <p>The block runs when {@code statementsDuring} is called; its own exception is rethrown as it is. Statements that
 * other tests send to the same cluster at the same time count too: under parallel execution, give the test JUnit's
 * {@code @Isolated} or {@code @ResourceLock(Resources.GLOBAL)} (see {@code @RouterQueriesOnly}).
 */
public class StatementsAssert extends AbstractAssert<StatementsAssert, ClusterStatements> {

    private final List<Pattern> allowed = new ArrayList<>();

    /** Assertions about the given statements; usually created by {@link CitusClusterAssert#statementsDuring}. */
    public StatementsAssert(ClusterStatements actual) {
        super(actual, StatementsAssert.class);
    }

    /**
     * Statements that may fan out: regular expressions ({@code java.util.regex.Pattern}, {@code DOTALL}), one of
     * which matches a part of the statement's text as the server logged it ({@code Matcher.find()}).
     */
    public StatementsAssert allowing(String... regexes) {
        allowed.addAll(FanOutReport.patterns("allowing", regexes == null ? new String[] {null} : regexes));
        return myself;
    }

    /**
     * Verifies that every statement ran on a single shard group, or touched only reference or local tables; the
     * failure lists each other statement with its parameters and the shards it touches.
     */
    public StatementsAssert areAllRouterQueries() {
        isNotNull();
        List<LoggedStatement> all = new ArrayList<>();
        for (MultiShardStatement s : actual.multiShardStatements()) {
            all.add(new LoggedStatement(s.sql(), s.parameters(), s.context(), s.shardsTouched(), s.shardsUnknown()));
        }
        List<LoggedStatement> offending = FanOutReport.notAllowed(all, allowed);
        if (!offending.isEmpty()) {
            throwAssertionError(shouldBeRouterQueries(actual.during(), offending));
        }
        return myself;
    }
}
