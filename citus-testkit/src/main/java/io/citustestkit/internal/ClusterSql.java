package io.citustestkit.internal;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every SQL statement citus-testkit issues against a cluster, in one place, so that it can be read,
 * reviewed and unit tested. Statements with {@code ?} take JDBC parameters.
 */
public final class ClusterSql {

    private ClusterSql() {}

    /** Registers the coordinator in {@code pg_dist_node} (group 0) under the given address. */
    public static final String SET_COORDINATOR_HOST = "SELECT citus_set_coordinator_host(?, ?)";

    /**
     * Serialises writers of {@code pg_dist_node}: taken before the coordinator is registered, the same lock the tuned
     * image's own registration takes, so the two never both see "no coordinator yet" (Citus 12.1's
     * {@code citus_set_coordinator_host} reads the metadata before it locks; 13.0 and later lock first).
     */
    public static final String LOCK_NODE_METADATA = "LOCK TABLE pg_dist_node IN EXCLUSIVE MODE";

    /** PostgreSQL's version (text and number) and the installed Citus extension's version (null: not installed). */
    public static final String VERSIONS = "SELECT current_setting('server_version'),"
            + " current_setting('server_version_num'), (SELECT extversion FROM pg_extension WHERE extname = 'citus')";

    /** Citus' own version text, such as {@code Citus 12.1.12 on x86_64-pc-linux-gnu, ...}. */
    public static final String CITUS_VERSION = "SELECT citus_version()";

    /**
     * The standbys a primary streams to right now, by {@code application_name} (Patroni sets it to the member's
     * name); what "a replica streams" means whatever the Patroni version reports.
     */
    public static final String STREAMING_STANDBYS =
            "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'";

    /** Lets the coordinator hold shards: what a cluster without workers needs. */
    public static final String COORDINATOR_HOLDS_SHARDS =
            "SELECT citus_set_node_property(?, ?, 'shouldhaveshards', true)";

    /** Registers a worker; idempotent in Citus: returns the existing node id when the node is known. */
    /** Brings a node's Citus extension to the version of the library it loaded (after a new image: upgradeTo). */
    public static final String UPDATE_EXTENSION = "ALTER EXTENSION citus UPDATE";

    /** Whether the node has citus_columnar (Citus 11.1 to 13.1 create it) at an older version than its library. */
    public static final String COLUMNAR_BEHIND = "SELECT count(*) FROM pg_extension e JOIN pg_available_extensions a"
            + " ON a.name = e.extname WHERE e.extname = 'citus_columnar' AND e.extversion <> a.default_version";

    /** citus_columnar to its library's version (ALTER EXTENSION citus UPDATE leaves it where it was). */
    public static final String UPDATE_COLUMNAR = "ALTER EXTENSION citus_columnar UPDATE";

    /** After the extension is updated on every node, the coordinator finishes the distributed schema's upgrade. */
    public static final String FINISH_CITUS_UPGRADE = "CALL citus_finish_citus_upgrade()";

    public static final String ADD_NODE = "SELECT citus_add_node(?, ?)";

    /** Node id of a registered node. */
    public static final String NODE_ID =
            "SELECT nodeid FROM pg_dist_node WHERE nodename = ? AND nodeport = ?";

    /** A table's Citus kind: {@code hash}, {@code reference}, {@code local} or another; no row: not a Citus table. */
    public static final String TABLE_KIND = "SELECT CASE WHEN partmethod = 'n' AND repmodel = 't' THEN 'reference'"
            + " WHEN partmethod = 'n' THEN 'local' WHEN partmethod = 'h' THEN 'hash' ELSE partmethod::text END"
            + " FROM pg_dist_partition WHERE logicalrelid = ?::regclass";

    /**
     * The node (name, port) holding the shard of one distribution value of a hash-distributed table; the value goes in
     * as text and Citus converts it to the distribution column's type.
     */
    public static final String NODE_OF_VALUE = "SELECT n.nodename, n.nodeport FROM pg_dist_placement pl"
            + " JOIN pg_dist_node n ON n.groupid = pl.groupid AND n.noderole = 'primary'"
            + " WHERE pl.shardid = get_shard_id_for_distribution_column(?::regclass, ?::text) ORDER BY n.nodeid LIMIT 1";

    /** Number of active workers the coordinator sees. */
    public static final String ACTIVE_WORKER_COUNT = "SELECT count(*) FROM citus_get_active_worker_nodes()";

    /** Every registered worker (primary, not the coordinator's group 0) and whether it is active. */
    public static final String REGISTERED_WORKERS =
            "SELECT nodename, nodeport, isactive FROM pg_dist_node WHERE groupid <> 0 AND noderole = 'primary'";

    /** Every registered primary, the coordinator included: name and port. */
    public static final String REGISTERED_PRIMARIES =
            "SELECT nodename, nodeport FROM pg_dist_node WHERE noderole = 'primary'";

    /** Every pair of nodes and whether the first reaches the second (Citus 11.0+). */
    public static final String NODE_HEALTH =
            "SELECT from_nodename, from_nodeport, to_nodename, to_nodeport, result"
                    + " FROM citus_check_cluster_node_health()";

    /** Moves every shard off a worker (blocking writes, works without wal_level=logical). */
    public static final String DRAIN_NODE =
            "SELECT citus_drain_node(?, ?, shard_transfer_mode => 'block_writes')";

    /** Removes a drained worker from the metadata. */
    public static final String REMOVE_NODE = "SELECT citus_remove_node(?, ?)";

    /** Starts the background rebalancer (Citus 11.1+); a no-op NOTICE when nothing is to move. */
    public static final String REBALANCE_START =
            "SELECT citus_rebalance_start(shard_transfer_mode => 'block_writes')";

    /** Waits for the background rebalancer; fails when the job failed. */
    public static final String REBALANCE_WAIT = "SELECT citus_rebalance_wait()";

    /**
     * Gives a node of the tuned image its own Citus server id while it still has the one of the data directory
     * baked into the image ({@code CTK_NEW_SERVER_ID_SQL} in {@code entrypoint.d/lib.sh}: the image runs the same
     * statement right after its server starts). {@code citus_add_node} refuses a node whose id equals the
     * coordinator's. Idempotent; changes nothing on any other database.
     */
    public static final String NEW_SERVER_ID = "UPDATE pg_dist_node_metadata"
            + " SET metadata = jsonb_set(metadata, '{server_id}', to_jsonb(gen_random_uuid()::text))"
            + " WHERE metadata ->> 'server_id' = metadata ->> 'citus_testkit_baked_server_id'";

    /**
     * Stores the password Citus uses for its node-to-node connections, for every node (node id 0).
     * Run on every node: each node opens connections of its own (health checks, shard moves).
     */
    public static final String STORE_AUTHINFO =
            "INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo) SELECT 0, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM pg_dist_authinfo WHERE nodeid = 0 AND rolename = ?)";

    /** libpq conninfo for a password: {@code password='...'} with quotes and backslashes escaped. */
    public static String passwordConninfo(String password) {
        return "password='" + password.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    // ------------------------------------------------------------------------------------------------
    // reset(): what tests created. Extension members (citus, columnar, ...) and system schemas stay.
    // ------------------------------------------------------------------------------------------------

    /** Format ({@code classid}, {@code objid}): the object is not a member of an extension. */
    static final String NOT_EXTENSION_MEMBER =
            "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = %s::regclass AND d.objid = %s AND d.deptype = 'e')";

    /** Shard tables carry the shard id after an underscore; Citus hides them, this filter makes sure. */
    private static final String NOT_A_SHARD =
            "NOT (c.relname ~ '_[0-9]+$' AND substring(c.relname from '_([0-9]+)$')::bigint"
                    + " IN (SELECT shardid FROM pg_dist_shard))";

    /** User schemas: not system, not public, not created by an extension. Returns quoted names. */
    public static final String USER_SCHEMAS =
            "SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE " + userSchemaPredicate() + " ORDER BY 1";

    /** The condition on {@code pg_namespace n} that {@link #USER_SCHEMAS} selects. */
    static String userSchemaPredicate() {
        return "n.nspname NOT IN ('public', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg\\_%'"
                + " AND n.nspname NOT IN ('citus', 'citus_internal', 'columnar', 'columnar_internal')"
                + " AND " + String.format(NOT_EXTENSION_MEMBER, "'pg_namespace'", "n.oid");
    }

    /** Tables (plain, partitioned roots, foreign), views and materialized views in public. Returns kind and qualified name. */
    public static final String PUBLIC_RELATIONS =
            "SELECT c.relkind::text, 'public.' || quote_ident(c.relname) FROM pg_class c"
                    + " WHERE c.relnamespace = 'public'::regnamespace"
                    + " AND c.relkind IN ('r', 'p', 'f', 'v', 'm')"
                    + " AND NOT c.relispartition"
                    + " AND " + NOT_A_SHARD
                    + " AND " + String.format(NOT_EXTENSION_MEMBER, "'pg_class'", "c.oid")
                    + " ORDER BY 2";

    /** Sequences in public not owned by a column (those go with their table). */
    public static final String PUBLIC_SEQUENCES =
            "SELECT 'public.' || quote_ident(c.relname) FROM pg_class c"
                    + " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                    + "   AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))"
                    + " ORDER BY 1";

    /** Types in public made by CREATE TYPE / CREATE DOMAIN (not row types of tables, not array types). */
    public static final String PUBLIC_TYPES =
            "SELECT 'public.' || quote_ident(t.typname) FROM pg_type t"
                    + " WHERE t.typnamespace = 'public'::regnamespace"
                    + " AND t.typtype IN ('e', 'd', 'r', 'm', 'c')"
                    + " AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')"
                    + " AND " + String.format(NOT_EXTENSION_MEMBER, "'pg_type'", "t.oid")
                    + " ORDER BY 1";

    /** Functions, procedures and aggregates in public. Returns their regprocedure signature. */
    public static final String PUBLIC_ROUTINES =
            "SELECT p.prokind::text, p.oid::regprocedure::text FROM pg_proc p"
                    + " WHERE p.pronamespace = 'public'::regnamespace"
                    + " AND " + String.format(NOT_EXTENSION_MEMBER, "'pg_proc'", "p.oid")
                    + " ORDER BY 2";

    /** One DROP statement for many objects of one kind, or none when the list is empty. */
    public static String dropAll(String kind, List<String> qualifiedNames) {
        if (qualifiedNames.isEmpty()) {
            return null;
        }
        return "DROP " + kind + " IF EXISTS " + String.join(", ", qualifiedNames) + " CASCADE";
    }

    /**
     * Session settings for the kit's own maintenance statements (reset, emptying tables): one connection per
     * worker instead of a new pool of connections per statement. Statements touching every shard of small test
     * tables are dominated by opening those connections, not by the work on each shard.
     */
    public static final String ONE_CONNECTION_PER_WORKER = "SET citus.max_adaptive_executor_pool_size = 1";

    /** Statement that empties every given table in one go. */
    public static String truncateAll(List<String> qualifiedNames) {
        if (qualifiedNames.isEmpty()) {
            return null;
        }
        return "TRUNCATE " + qualifiedNames.stream().collect(Collectors.joining(", ")) + " RESTART IDENTITY CASCADE";
    }

    /**
     * Every table users created, in any user schema and public (distributed, reference, Citus-local
     * and plain local): plain and partitioned root tables, not partitions, not shards, not extension members.
     */
    public static final String USER_TABLES =
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE " + userTablePredicate()
                    + " ORDER BY 1";

    /** {@link #USER_TABLES} that {@code truncateTables()} empties: not migration history, not the kept tables. */
    public static String emptiedTables(List<Long> keptOids) {
        return "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + emptiedTablePredicate(keptOids)
                + " ORDER BY 1";
    }

    /**
     * Flyway's and Liquibase's history tables, in any schema, under any name, as a condition on {@code pg_class c}:
     * by their default names ({@code flyway_schema_history}, {@code databasechangelog}, {@code databasechangeloglock})
     * or by their columns (Flyway's {@code installed_rank ... success}, whatever {@code spring.flyway.table} or
     * Flyway's {@code table} named it; Liquibase's changelog and lock tables, whatever they were renamed to).
     */
    public static final String MIGRATION_HISTORY = "(c.relname IN ('flyway_schema_history', 'databasechangelog',"
            + " 'databasechangeloglock') OR (SELECT count(*) FILTER (WHERE a.attname IN ('installed_rank', 'version',"
            + " 'description', 'type', 'script', 'checksum', 'installed_by', 'installed_on', 'execution_time',"
            + " 'success')) = 10 OR count(*) FILTER (WHERE a.attname IN ('id', 'author', 'filename', 'dateexecuted',"
            + " 'orderexecuted', 'exectype', 'md5sum')) = 7 OR count(*) FILTER (WHERE a.attname IN ('id', 'locked',"
            + " 'lockgranted', 'lockedby')) = 4 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
            + " AND NOT a.attisdropped))";

    /** User tables that {@code truncateTables()} empties, as a condition on {@code pg_class c}, {@code pg_namespace n}. */
    private static String emptiedTablePredicate(List<Long> keptOids) {
        String kept = keptOids.isEmpty() ? "" : " AND c.oid NOT IN (" + keptOids.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
        return userTablePredicate() + " AND NOT " + MIGRATION_HISTORY + kept;
    }

    /**
     * The tables {@code withKeptTables} names, resolved as SQL resolves a table name (unqualified: on the search
     * path): rows (name, oid or null when there is no such table).
     */
    public static String resolveTables(List<String> names) {
        return "SELECT k, to_regclass(k)::oid FROM unnest(" + literalArray(names, "text") + ") WITH ORDINALITY AS t(k, i)"
                + " ORDER BY i";
    }

    /** The condition on {@code pg_class c} and {@code pg_namespace n} that {@link #USER_TABLES} selects. */
    private static String userTablePredicate() {
        return "c.relkind IN ('r', 'p') AND NOT c.relispartition"
                    + " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
                    + " AND n.nspname NOT IN ('citus', 'citus_internal', 'columnar', 'columnar_internal')"
                    + " AND " + NOT_A_SHARD
                    + " AND " + String.format(NOT_EXTENSION_MEMBER, "'pg_class'", "c.oid")
                    + " AND " + String.format(NOT_EXTENSION_MEMBER, "'pg_namespace'", "n.oid");
    }

    /**
     * What emptying every user table touches, in one query on the coordinator: rows {@code ('shard', node name,
     * node port, shard)} for every shard placement of a user table that Citus manages (distributed, reference,
     * Citus-local; of a partitioned table: of its partitions, which hold the rows), {@code ('local', null, null,
     * table)} for the coordinator's tables Citus does not manage (partitions likewise), and
     * {@code ('table', null, null, table)} for every user table (their sequences restart). Names are qualified and
     * quoted. Migration history ({@link #MIGRATION_HISTORY}) and the tables of {@code keptOids} are left out.
     */
    public static String emptyingPlan(List<Long> keptOids) {
        return "WITH user_tables AS (SELECT c.oid AS relid, c.relkind AS kind,"
                + " quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                + emptiedTablePredicate(keptOids) + "),"
                + " leaves AS (SELECT t.relid, t.name FROM user_tables t WHERE t.kind = 'r'"
                + " UNION ALL SELECT p.relid, p.relid::regclass::text FROM user_tables t, pg_partition_tree(t.relid) p"
                + " WHERE t.kind = 'p' AND p.isleaf)"
                + " SELECT " + placementRowsOf("leaves")
                + " UNION ALL SELECT 'local', NULL, NULL, t.name FROM leaves t"
                + " WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition dp WHERE dp.logicalrelid = t.relid)"
                + " UNION ALL SELECT 'table', NULL, NULL, t.name FROM user_tables t";
    }

    /**
     * Rows {@code ('shard', node name, node port, shard)} for every shard placement of the tables in {@code relations}
     * (a query or CTE name with a {@code relid} column), on primaries.
     */
    private static String placementRowsOf(String relations) {
        return "'shard', d.nodename, d.nodeport, shard_name(s.logicalrelid, s.shardid) FROM " + relations + " t"
                + " JOIN pg_dist_shard s ON s.logicalrelid = t.relid JOIN pg_dist_placement p ON p.shardid = s.shardid"
                + " JOIN pg_dist_node d ON d.groupid = p.groupid AND d.noderole = 'primary'";
    }

    /** Inside a node's transaction: no triggers (event triggers included) and no foreign-key checks, as TRUNCATE. */
    static final String REPLICA_ROLE = "SET LOCAL session_replication_role = replica";

    /**
     * The statements one node runs, in one transaction, to empty what it holds: its shard placements and local
     * tables, with triggers and foreign-key checks off ({@code session_replication_role = replica}: every table is
     * emptied, so no order is needed, and no user trigger fires, as with {@code TRUNCATE}); then the sequences the
     * tables own restart, as with {@code RESTART IDENTITY}, those that were used. Writing to shards directly needs
     * {@code citus.enable_manual_changes_to_shards}. One round trip; needs a superuser (the image's
     * {@code POSTGRES_USER} is one). Empty when the node has nothing to do.
     *
     * <p>Only what holds rows is touched: a table whose heap is zero bytes long ({@code pg_relation_size}, a file
     * size, no scan) was never written since it was created or last truncated, and is skipped; most of a large
     * schema's placements are, after a test that wrote to a few tables. From the others the rows are deleted (for
     * a few rows cheaper than a truncate, which makes new files); one that had no row left to delete is truncated,
     * so that its heap is zero bytes again and later calls skip it, unless a foreign key refers to it (a truncate
     * would need every referring table in the same statement).
     *
     * <p>Why not a {@code TRUNCATE} through Citus: it runs one task per shard, one after another on each worker
     * connection, locks every placement and makes a new file for each; a node deciding for itself what to empty
     * touches only the few that were written.
     */
    public static List<String> emptyOnNode(List<String> shards, List<String> localTables, List<String> sequenceOwners) {
        List<String> statements = new java.util.ArrayList<>();
        List<String> targets = new java.util.ArrayList<>(shards);
        targets.addAll(localTables);
        if (!targets.isEmpty()) {
            statements.add(REPLICA_ROLE);
            if (!shards.isEmpty()) {
                statements.add(MANUAL_CHANGES_TO_SHARDS);
            }
            statements.add("DO $citustestkit$ DECLARE r regclass; n bigint; BEGIN"
                    + " FOREACH r IN ARRAY " + literalArray(targets, "regclass") + " LOOP"
                    + " CONTINUE WHEN pg_relation_size(r) = 0;"
                    + " EXECUTE 'DELETE FROM ' || r; GET DIAGNOSTICS n = ROW_COUNT;"
                    + " IF n = 0 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.contype = 'f'"
                    + " AND (c.confrelid = r OR c.confrelid IN (SELECT a.relid FROM pg_partition_ancestors(r) a)))"
                    + " THEN EXECUTE 'TRUNCATE ' || r; END IF;"
                    + " END LOOP; END $citustestkit$");
        }
        if (!sequenceOwners.isEmpty()) {
            statements.add("SELECT setval(s.seqrelid::regclass, s.seqstart, false) FROM pg_sequence s"
                    + " JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid"
                    + " AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
                    + " WHERE d.refobjid = ANY (" + literalArray(sequenceOwners, "regclass") + ")"
                    + " AND pg_sequence_last_value(s.seqrelid) IS NOT NULL");
        }
        return statements;
    }

    /** Setting for writing to or dropping shard tables directly, in the node's transaction. */
    public static final String MANUAL_CHANGES_TO_SHARDS = "SET LOCAL citus.enable_manual_changes_to_shards = on";

    /** {@code ARRAY['a', 'b']::type[]} of the values as SQL string literals. */
    static String literalArray(List<String> values, String type) {
        return values.stream().map(v -> "'" + v.replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "ARRAY[", "]::" + type + "[]"));
    }

    // ---------------------------------------------------------------------------------------------
    // reuse and Patroni clusters
    // ---------------------------------------------------------------------------------------------

    /** Whether the server is a standby (a Patroni replica) rather than a primary. */
    public static final String IN_RECOVERY = "SELECT pg_is_in_recovery()";

    /** The primaries the coordinator's metadata holds, by Citus group. */
    public static final String PRIMARIES_BY_GROUP =
            "SELECT groupid, nodename FROM pg_dist_node WHERE noderole = 'primary' ORDER BY groupid";

    /** How many workers (worker groups) a command on every worker reaches from the coordinator. */
    public static final String WORKERS_REACHED =
            "SELECT count(*) FROM run_command_on_workers('SELECT 1') WHERE success";
}
