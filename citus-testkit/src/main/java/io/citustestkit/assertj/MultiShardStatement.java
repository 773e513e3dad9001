package io.citustestkit.assertj;

/**
 * A statement that Citus ran as more than one task, as the coordinator's log recorded it.
 *
 * <pre>{@code
 * // an element of ClusterStatements.multiShardStatements(), e.g. in a failure of areAllRouterQueries():
 * new MultiShardStatement("SELECT count(*) FROM orders WHERE status = $1", "$1 = 'open'", "", 4, null);
 * }</pre>
 *
 * @param sql           the statement's text, with {@code $1}, {@code $2} for the parameters of a prepared statement
 * @param parameters    the parameter values as the log wrote them ({@code $1 = 'open'}); empty when there are none
 * @param context       the log's context lines other than the parameters (a PL/pgSQL function); often empty
 * @param shardsTouched the shards it touches, counted with {@code EXPLAIN} for the logged values; null when unknown
 * @param shardsUnknown why the shard count is not known, or null
 */
public record MultiShardStatement(String sql, String parameters, String context, Integer shardsTouched,
        String shardsUnknown) {}
