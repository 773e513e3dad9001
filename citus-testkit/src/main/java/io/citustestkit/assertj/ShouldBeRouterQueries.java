package io.citustestkit.assertj;

import io.citustestkit.internal.FanOutReport;
import io.citustestkit.internal.LoggedStatement;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code areAllRouterQueries()}: each statement that fanned out, with parameters and shards touched. */
final class ShouldBeRouterQueries extends CitusErrorMessage {

    static ErrorMessageFactory shouldBeRouterQueries(String during, List<LoggedStatement> offending) {
        return new ShouldBeRouterQueries(parts("%nExpecting every statement sent to the coordinator during:%n  ")
                .verbatim(during).text("%n").verbatim(FanOutReport.EXPECTATION).text("%n")
                .verbatim(FanOutReport.but(offending.size())).lines("  ", FanOutReport.lines(offending))
                .text("%n").verbatim(FanOutReport.ASSERTION_HINT));
    }

    private ShouldBeRouterQueries(Parts parts) {
        super(parts);
    }
}
