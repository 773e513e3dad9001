package io.citustestkit.assertj;

import io.citustestkit.internal.PlanReader;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * {@code isRouterQuery()}, {@code isMultiShardQuery()}, {@code touchesShards(n)}: the shards the plan touches and an
 * excerpt of it; and the failure to read a plan at all.
 */
final class ShouldTouchShards extends CitusErrorMessage {

    static ErrorMessageFactory shouldTouchShards(String sql, List<Object> params, Parts expectation,
            PlanReader.Plan plan) {
        return new ShouldTouchShards(sql, params, expectation, parts("%nbut it touches ").verbatim(plan.summary())
                .text("%nPlan excerpt (EXPLAIN):").lines("  ", plan.excerpt().lines().toList()));
    }

    static ErrorMessageFactory shouldBeExplainable(String sql, List<Object> params, Parts expectation, String error) {
        return new ShouldTouchShards(sql, params, expectation,
                parts("%nbut EXPLAIN (FORMAT JSON) failed:%n  ").verbatim(error));
    }

    private ShouldTouchShards(String sql, List<Object> params, Parts expectation, Parts but) {
        super(parts("%nExpecting query:%n  ").verbatim(sql).append(parameters(params)).text("%nto ").append(expectation)
                .append(but));
    }

    private static Parts parameters(List<Object> params) {
        Parts p = new Parts();
        if (params.isEmpty()) {
            return p;
        }
        p.text("%nwith parameters:");
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            p.text("%n  $" + (i + 1) + " = ").value(value);
            if (value != null) {
                p.text(" (").verbatim(value.getClass().getSimpleName()).text(")");
            }
        }
        return p;
    }
}
