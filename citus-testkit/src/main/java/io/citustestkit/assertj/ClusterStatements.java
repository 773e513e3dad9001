package io.citustestkit.assertj;

import java.util.List;

/**
 * The actual value of a {@link StatementsAssert}: the multi-task statements that every session sent to a cluster's
 * coordinator while a block of code ran, read from the coordinator's log.
 *
 * <pre>{@code
 * // usually reached through CitusAssertions.assertThat(cluster).statementsDuring(() -> service.invoice(tenant))
 * }</pre>
 *
 * @param during                what ran (for messages)
 * @param multiShardStatements  the statements Citus ran as more than one task, in the order the log has them
 */
public record ClusterStatements(String during, List<MultiShardStatement> multiShardStatements) {

    /** Copies the list. */
    public ClusterStatements {
        multiShardStatements = List.copyOf(multiShardStatements);
    }
}
