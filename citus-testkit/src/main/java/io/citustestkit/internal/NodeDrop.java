package io.citustestkit.internal;

import java.util.List;

/**
 * What one node runs, in one transaction of its own and one round trip, to drop everything of the user's it holds:
 * the same statements on the coordinator and on every worker, each node reading its own catalogue, so that no node
 * needs a list from another and a node that was left half done (its commit failed) is finished by the next run.
 *
 * <p>In order:
 * <ol>
 * <li>the node's Citus metadata of the user's tables goes in bulk, a few {@code DELETE}s: shard placements, shards,
 * the tables' rows in {@code pg_dist_partition}, tenant schemas ({@code pg_dist_schema}) and the co-location groups
 * left without a table. Citus' own triggers on those tables invalidate its metadata cache, in this session and
 * (at commit) in every other. Citus itself removes a table's metadata on the workers one table at a time
 * ({@code worker_drop_distributed_table}, a round trip per table from the coordinator's drop trigger);</li>
 * <li>then the tables are plain tables to Citus, and the node drops, with one {@code DROP} per kind of object, the
 * user schemas with everything in them and, in {@code public}, the views, tables (shell tables and the shard tables
 * the node holds included), sequences, routines and types, with Citus' DDL propagation off (every node drops its
 * own) and no triggers firing ({@code session_replication_role = replica}, as for a shard). The event triggers
 * that could not fire then anyway (those enabled for the origin role, such as Citus' drop trigger) are disabled
 * for the drop and enabled again in the same transaction: while one is enabled, PostgreSQL records the identity
 * of every dropped object for it, which on a worker holding a thousand shard tables costs about as much as a third
 * of the drop. No other session sees the change;</li>
 * <li>last, Citus' records of distributed objects ({@code pg_dist_object}) that no longer exist go.</li>
 * </ol>
 * Needs a superuser (the image's {@code POSTGRES_USER} is one). Idempotent: a second run finds nothing to drop.
 */
public final class NodeDrop {

    private NodeDrop() {}

    /**
     * The user's Citus tables (partitions included) as a query of their oids: those in {@code public} that no
     * extension owns and those in a user schema ({@link ClusterSql#USER_SCHEMAS}), and metadata rows whose table
     * no longer exists.
     */
    static final String USER_CITUS_TABLES = "SELECT p.logicalrelid FROM pg_dist_partition p"
            + " LEFT JOIN pg_class c ON c.oid = p.logicalrelid LEFT JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.oid IS NULL"
            + " OR (n.nspname = 'public' AND " + String.format(ClusterSql.NOT_EXTENSION_MEMBER, "'pg_class'", "c.oid")
            + ") OR (" + ClusterSql.userSchemaPredicate() + ")";

    /** The user schemas, as a query of their oids. */
    private static final String USER_SCHEMA_OIDS =
            "SELECT n.oid FROM pg_namespace n WHERE " + ClusterSql.userSchemaPredicate();

    private static final List<String> METADATA = List.of(
            "DELETE FROM pg_dist_placement WHERE shardid IN (SELECT s.shardid FROM pg_dist_shard s"
                    + " WHERE s.logicalrelid IN (" + USER_CITUS_TABLES + "))",
            "DELETE FROM pg_dist_shard WHERE logicalrelid IN (" + USER_CITUS_TABLES + ")",
            // the co-location groups of the dropped tables and tenant schemas that no other table or schema uses
            "WITH t AS (DELETE FROM pg_dist_partition WHERE logicalrelid IN (" + USER_CITUS_TABLES + ")"
                    + " RETURNING logicalrelid, colocationid),"
                    + " s AS (DELETE FROM pg_dist_schema WHERE schemaid IN (" + USER_SCHEMA_OIDS + ")"
                    + " RETURNING schemaid, colocationid)"
                    + " DELETE FROM pg_dist_colocation g"
                    + " WHERE g.colocationid IN (SELECT colocationid FROM t UNION SELECT colocationid FROM s)"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.colocationid = g.colocationid"
                    + " AND p.logicalrelid NOT IN (SELECT logicalrelid FROM t))"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_dist_schema d WHERE d.colocationid = g.colocationid"
                    + " AND d.schemaid NOT IN (SELECT schemaid FROM s))");

    /** One {@code DROP} of every object a query lists (names), in the DO block; none when it lists nothing. */
    private static String dropEvery(String kind, String namesQuery) {
        return " SELECT string_agg(x.name, ', ') INTO names FROM (" + namesQuery + ") x(name);"
                + " IF names IS NOT NULL THEN EXECUTE 'DROP " + kind + " IF EXISTS ' || names || ' CASCADE'; END IF;";
    }

    /** Names of the relations of the given kinds ({@code relkind}) {@link ClusterSql#PUBLIC_RELATIONS} lists. */
    private static String publicRelations(String kinds) {
        return "SELECT r.name FROM (" + ClusterSql.PUBLIC_RELATIONS + ") r(kind, name) WHERE r.kind IN (" + kinds + ")";
    }

    /** The drops, in one DO block: the node's own catalogue says what there is. */
    private static final String DROP = "DO $citustestkit$ DECLARE names text; e name; disabled name[] := '{}'; BEGIN"
            + " FOR e IN SELECT evtname FROM pg_event_trigger WHERE evtenabled = 'O' LOOP"
            + " EXECUTE format('ALTER EVENT TRIGGER %I DISABLE', e); disabled := disabled || e; END LOOP;"
            + dropEvery("SCHEMA", ClusterSql.USER_SCHEMAS)
            + dropEvery("VIEW", publicRelations("'v'"))
            + dropEvery("MATERIALIZED VIEW", publicRelations("'m'"))
            + dropEvery("TABLE", publicRelations("'r', 'p'"))
            + dropEvery("FOREIGN TABLE", publicRelations("'f'"))
            + dropEvery("SEQUENCE", ClusterSql.PUBLIC_SEQUENCES)
            + dropEvery("ROUTINE", "SELECT r.name FROM (" + ClusterSql.PUBLIC_ROUTINES + ") r(kind, name)")
            + dropEvery("TYPE", ClusterSql.PUBLIC_TYPES)
            + " FOREACH e IN ARRAY disabled LOOP EXECUTE format('ALTER EVENT TRIGGER %I ENABLE', e); END LOOP;"
            + " END $citustestkit$";

    /** Citus' records of distributed objects that no longer exist; with triggers on, for its cache. */
    private static final String GONE_OBJECTS = "DELETE FROM pg_dist_object o"
            + " WHERE (pg_identify_object(o.classid, o.objid, o.objsubid)).identity IS NULL";

    /** The statements, to run in one transaction on every node (see the class comment). */
    public static List<String> statements() {
        List<String> statements = new java.util.ArrayList<>();
        statements.add("SET LOCAL client_min_messages = warning"); // no NOTICE per cascaded object
        statements.add("SET LOCAL citus.enable_ddl_propagation = off");
        statements.add("SET LOCAL citus.override_table_visibility = off");
        statements.addAll(METADATA);
        statements.add(ClusterSql.REPLICA_ROLE);
        statements.add(ClusterSql.MANUAL_CHANGES_TO_SHARDS);
        statements.add(DROP);
        statements.add("SET LOCAL session_replication_role = origin");
        statements.add(GONE_OBJECTS);
        return statements;
    }
}
