package io.citustestkit.internal;

/**
 * Every SQL statement the assertions in {@code io.citustestkit.assertj} issue, in one place. They read only
 * documented Citus metadata that exists from Citus 12.1 to 14 ({@code pg_dist_partition},
 * {@code pg_dist_shard}, {@code pg_dist_placement}, {@code pg_dist_node}, {@code column_to_column_name},
 * {@code citus_get_active_worker_nodes()}) and only on the coordinator: none of them contacts a worker, so they
 * answer quickly and also while a worker is stopped. (The {@code citus_tables} and {@code citus_shards} views
 * would do, but they compute shard sizes on every worker through {@code citus_shard_sizes()}.)
 *
 * <p>Table names are resolved with {@code to_regclass(?)}: the same rules as {@code 'name'::regclass}
 * (search path, schema qualification, double quotes keep case), but NULL instead of an error for a table that
 * does not exist.
 */
public final class AssertionSql {

    private AssertionSql() {}

    /** Host and port of every active worker, as Citus sees them. */
    public static final String ACTIVE_WORKERS =
            "SELECT node_name::text, node_port::int FROM citus_get_active_worker_nodes() ORDER BY 1, 2";

    /** Every worker in {@code pg_dist_node} (also inactive ones and secondaries), for failure messages. */
    public static final String WORKER_NODES =
            "SELECT nodename::text, nodeport::int, isactive, noderole::text, shouldhaveshards"
                    + " FROM pg_dist_node WHERE groupid <> 0 ORDER BY nodename, nodeport";

    /**
     * What Citus knows about one table; one row, or none when {@code to_regclass(?)} finds no relation.
     * Columns: qualified name, relkind, partmethod, distribution column, its type, colocation id, repmodel,
     * shard count.
     */
    public static final String TABLE_METADATA =
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind::text,"
                    + " p.partmethod::text, column_to_column_name(p.logicalrelid, p.partkey),"
                    + " (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = c.oid"
                    + "   AND a.attname = column_to_column_name(p.logicalrelid, p.partkey)),"
                    + " p.colocationid::int, p.repmodel::text,"
                    + " (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = c.oid)::int"
                    + " FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid"
                    + " WHERE c.oid = to_regclass(?)";

    /** The search path table names are resolved with, for the message about a table that is not found. */
    public static final String SEARCH_PATH = "SELECT current_setting('search_path')";

    /**
     * Shard placements of one table per node: every primary node in {@code pg_dist_node} with the number of
     * active placements of the table it holds. Columns: node name, port, is coordinator (group 0), is active,
     * should have shards, placements.
     */
    public static final String PLACEMENTS_PER_NODE =
            "SELECT n.nodename::text, n.nodeport::int, n.groupid = 0, n.isactive, n.shouldhaveshards,"
                    + " (SELECT count(*) FROM pg_dist_placement pl JOIN pg_dist_shard s ON s.shardid = pl.shardid"
                    + "   WHERE pl.groupid = n.groupid AND pl.shardstate = 1 AND s.logicalrelid = to_regclass(?))::int"
                    + " FROM pg_dist_node n WHERE n.noderole = 'primary'"
                    + " ORDER BY n.groupid <> 0, n.nodename, n.nodeport";

    /**
     * Makes the planner plan every prepared statement for its bound parameter values (PostgreSQL 12+). Set before
     * {@code EXPLAIN}, so the plan shows the shards these parameter values reach, as the application's own
     * execution with these values would.
     */
    public static final String FORCE_CUSTOM_PLAN = "SET LOCAL plan_cache_mode = force_custom_plan";

    /** Makes sure EXPLAIN shows the distributed part of the plan (Citus' default, unless a test turned it off). */
    public static final String EXPLAIN_DISTRIBUTED_QUERIES = "SET LOCAL citus.explain_distributed_queries = on";

    /** Prefix for the statement whose distributed plan the query assertions read. */
    public static final String EXPLAIN_JSON = "EXPLAIN (FORMAT JSON) ";
}
