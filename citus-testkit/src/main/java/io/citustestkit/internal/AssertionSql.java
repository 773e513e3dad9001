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

    // ---------------------------------------------------------------------------------------------
    // statement capture (@RouterQueriesOnly, statementsDuring): settings, marks, shard counts
    // ---------------------------------------------------------------------------------------------

    /**
     * The server settings a capture needs, with the values it sets (by {@code ALTER SYSTEM} and a reload, so that
     * every session sees them at its next statement, the application's pooled ones included): Citus writes a LOG
     * record (server log only, nothing reaches the client) before every multi-task statement; PostgreSQL adds the
     * statement to LOG records and the parameter values, in full, to their context.
     */
    public static final java.util.Map<String, String> CAPTURE_SETTINGS = java.util.Map.of(
            "citus.multi_task_query_log_level", "log",
            "log_min_error_statement", "log",
            "log_parameter_max_length_on_error", "-1");

    /**
     * Each capture setting: its value and source in this session, and what {@code postgresql.auto.conf} holds for
     * it (read from the file by {@code pg_file_settings}, once: a session's own view may not have taken the last
     * reload yet), or NULL.
     */
    public static final String CAPTURE_SETTINGS_NOW =
            "WITH auto AS MATERIALIZED (SELECT name, setting, seqno FROM pg_file_settings"
                    + " WHERE sourcefile LIKE '%postgresql.auto.conf')"
                    + " SELECT s.name, s.setting, s.source,"
                    + " (SELECT a.setting FROM auto a WHERE a.name = s.name ORDER BY a.seqno DESC LIMIT 1)"
                    + " FROM pg_settings s WHERE s.name = ANY (?::text[])";

    /**
     * The current value of each capture setting in this session: name, value, source, and whether this session
     * loaded the configuration at or after the given time (the reload asked for then reached it).
     */
    public static final String CAPTURE_SETTINGS_SEEN =
            "SELECT name, setting, source, pg_conf_load_time() >= ?::timestamptz FROM pg_settings"
                    + " WHERE name = ANY (?::text[])";

    /** Reloads the configuration like {@link #RELOAD}; returns the server's time of the request. */
    public static final String RELOAD_AT = "SELECT clock_timestamp() FROM pg_reload_conf()";

    /** Makes every session read the configuration again (at its next statement). */
    public static final String RELOAD = "SELECT pg_reload_conf()";

    /** Set on the kit's own sessions: their statements never count as the application's. */
    public static final String NOT_CAPTURED = "SET citus.multi_task_query_log_level = off";

    /** Undoes {@link #NOT_CAPTURED} on the capture's own session. */
    public static final String CAPTURED_AGAIN = "RESET citus.multi_task_query_log_level";

    /** {@code options} startup parameter of the kit's own sessions: the same as {@link #NOT_CAPTURED}. */
    public static final String NOT_CAPTURED_OPTIONS = "-c citus.multi_task_query_log_level=off";

    /** {@code ALTER SYSTEM SET name = 'value'} (names and values are the kit's own or read from the server). */
    public static String alterSystemSet(String name, String value) {
        return "ALTER SYSTEM SET " + name + " = '" + value.replace("'", "''") + "'";
    }

    /** {@code ALTER SYSTEM RESET name}. */
    public static String alterSystemReset(String name) {
        return "ALTER SYSTEM RESET " + name;
    }

    /** Writes a capture's mark into the server log ({@code id} is a UUID). */
    public static String captureMark(String id, String what) {
        return "DO $$BEGIN RAISE LOG '" + MultiTaskLog.MARK + "% " + what + "', '" + id + "'; END$$";
    }

    /** Names a logged statement with {@code $n} parameters, to EXPLAIN it with the logged values. */
    public static String prepareLogged(String sql) {
        return "PREPARE citus_testkit_logged AS " + PlanReader.stripTrailingSemicolons(sql);
    }

    /** Runs the prepared logged statement with the logged values (SQL literals): what is EXPLAINed. */
    public static String executeLogged(java.util.List<String> literals) {
        return "EXECUTE citus_testkit_logged(" + String.join(", ", literals) + ")";
    }

    /** Forgets the prepared logged statement. */
    public static final String DEALLOCATE_LOGGED = "DEALLOCATE citus_testkit_logged";

    // ---------------------------------------------------------------------------------------------
    // schema checks
    // ---------------------------------------------------------------------------------------------

    /** Whether a schema of that name (as stored, case-sensitive) exists: one row, or none. */
    public static final String SCHEMA_EXISTS = "SELECT 1 FROM pg_namespace WHERE nspname = ?";

    /**
     * Every table of a schema (partitions left out: their parent speaks for them) with what Citus knows about it.
     * Columns: the table's name, then those of {@link #TABLE_METADATA} except the column type (NULL).
     */
    public static final String SCHEMA_TABLES =
            "SELECT c.relname::text, quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind::text,"
                    + " p.partmethod::text, column_to_column_name(p.logicalrelid, p.partkey), NULL::text,"
                    + " p.colocationid::int, p.repmodel::text,"
                    + " (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = c.oid)::int"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid"
                    + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                    + " ORDER BY c.relname";

    /**
     * The foreign keys of the tables of a schema (not the copies on partitions), each with its referenced table.
     * Columns: constraint name, referencing table's name and qualified name, its columns, the referenced table's
     * name, then the referenced table's {@link #TABLE_METADATA} columns except the column type (NULL).
     */
    public static final String SCHEMA_FOREIGN_KEYS =
            "SELECT con.conname::text, src.relname::text, quote_ident(sn.nspname) || '.' || quote_ident(src.relname),"
                    + " (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)"
                    + "   FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)"
                    + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),"
                    + " tgt.relname::text,"
                    + " quote_ident(tn.nspname) || '.' || quote_ident(tgt.relname), tgt.relkind::text,"
                    + " tp.partmethod::text, column_to_column_name(tp.logicalrelid, tp.partkey), NULL::text,"
                    + " tp.colocationid::int, tp.repmodel::text,"
                    + " (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = tgt.oid)::int"
                    + " FROM pg_constraint con"
                    + " JOIN pg_class src ON src.oid = con.conrelid JOIN pg_namespace sn ON sn.oid = src.relnamespace"
                    + " JOIN pg_class tgt ON tgt.oid = con.confrelid JOIN pg_namespace tn ON tn.oid = tgt.relnamespace"
                    + " LEFT JOIN pg_dist_partition tp ON tp.logicalrelid = tgt.oid"
                    + " WHERE con.contype = 'f' AND con.conparentid = 0 AND sn.nspname = ? AND NOT src.relispartition"
                    + " ORDER BY src.relname, con.conname";
}
