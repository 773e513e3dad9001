package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What Citus knows about one table, read from {@code pg_dist_partition} and {@code pg_dist_shard} on the
 * coordinator (see {@link AssertionSql#TABLE_METADATA}), and how its shard placements spread over the nodes.
 *
 * @param qualifiedName      schema-qualified, quoted where needed, such as {@code public.orders} or {@code app."Order"}
 * @param relkind            {@code pg_class.relkind}: {@code r} table, {@code p} partitioned table, {@code v} view, ...
 * @param partitionMethod    {@code pg_dist_partition.partmethod} ({@code h}, {@code r}, {@code a}, {@code n}), or null
 *                           for a table Citus does not know
 * @param distributionColumn the distribution column, or null
 * @param distributionColumnType its type ({@code format_type}), or null
 * @param colocationId       {@code pg_dist_partition.colocationid}, or null
 * @param replicationModel   {@code pg_dist_partition.repmodel} ({@code s} streaming, {@code t} 2PC, {@code c}), or null
 * @param shardCount         rows in {@code pg_dist_shard}
 */
public record TableMetadata(String qualifiedName, String relkind, String partitionMethod, String distributionColumn,
        String distributionColumnType, Integer colocationId, String replicationModel, int shardCount) {

    /** How Citus treats a table; the same rules as the {@code citus_table_type} column of {@code citus_tables}. */
    public enum Kind {
        /** Distributed by a column (hash, or the legacy range and append methods). */
        DISTRIBUTED,
        /** Distributed without a distribution column: one shard in a co-location group (schema-based sharding). */
        SINGLE_SHARD_DISTRIBUTED,
        /** A reference table: one shard, replicated to every node. */
        REFERENCE,
        /** In Citus metadata but not distributed: {@code citus_add_local_table_to_metadata}, one shard on the coordinator. */
        CITUS_LOCAL,
        /** A table Citus does not know: not in {@code pg_dist_partition}. */
        PLAIN,
        /** A relation that is no table: a view, a sequence, an index. */
        NOT_A_TABLE
    }

    /** Reads the metadata of the table {@code to_regclass(name)} finds; empty when there is none. */
    public static Optional<TableMetadata> read(Connection c, String name) throws SQLException {
        List<List<Object>> rows = Jdbc.query(c, AssertionSql.TABLE_METADATA, name);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<Object> r = rows.get(0);
        return Optional.of(new TableMetadata(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)), str(r.get(4)),
                r.get(5) == null ? null : ((Number) r.get(5)).intValue(), str(r.get(6)), ((Number) r.get(7)).intValue()));
    }

    /** The current {@code search_path}, for the message about a table that is not found. */
    public static String searchPath(Connection c) throws SQLException {
        return String.valueOf(Jdbc.single(c, AssertionSql.SEARCH_PATH));
    }

    /** Whether {@code pg_dist_partition} has a row for the table. */
    public boolean inCitusMetadata() {
        return partitionMethod != null;
    }

    /** How Citus treats the table. */
    public Kind kind() {
        if (!"r".equals(relkind) && !"p".equals(relkind) && !"f".equals(relkind)) {
            return Kind.NOT_A_TABLE;
        }
        if (!inCitusMetadata()) {
            return Kind.PLAIN;
        }
        if (distributionColumn != null) {
            return Kind.DISTRIBUTED;
        }
        if ("t".equals(replicationModel)) {
            return Kind.REFERENCE;
        }
        if (colocationId == null || colocationId == 0) {
            return Kind.CITUS_LOCAL;
        }
        return Kind.SINGLE_SHARD_DISTRIBUTED;
    }

    /** Whether Citus distributes the table (with or without a distribution column). */
    public boolean isDistributed() {
        return kind() == Kind.DISTRIBUTED || kind() == Kind.SINGLE_SHARD_DISTRIBUTED;
    }

    /** A plain PostgreSQL table or a Citus-local one: its data stays on the coordinator. */
    public boolean isLocal() {
        return kind() == Kind.PLAIN || kind() == Kind.CITUS_LOCAL;
    }

    /** What the table is, in words, with the metadata behind it: the "but was" line of a failure message. */
    public String describe() {
        switch (kind()) {
            case DISTRIBUTED:
                return "a distributed table (partition method " + partitionMethodName() + ", distribution column "
                        + distributionColumn + (distributionColumnType == null ? "" : " " + distributionColumnType)
                        + ", colocation id " + colocationId + ", " + shards() + ")";
            case SINGLE_SHARD_DISTRIBUTED:
                return "a single-shard distributed table (no distribution column, colocation id " + colocationId
                        + ", " + shards() + ")";
            case REFERENCE:
                return "a reference table (partition method none, replicated to every node, no distribution column,"
                        + " colocation id " + colocationId + ", " + shards() + ")";
            case CITUS_LOCAL:
                return "a Citus-local table (in pg_dist_partition with partition method none and colocation id 0:"
                        + " added with citus_add_local_table_to_metadata, " + shards() + " on the coordinator)";
            case PLAIN:
                return "a plain PostgreSQL table (not in pg_dist_partition: not distributed, not a reference table)";
            default:
                return "a " + relkindName() + ", not a table";
        }
    }

    /** {@code hash}, {@code range}, {@code append}, {@code none}, or the letter itself. */
    public String partitionMethodName() {
        if (partitionMethod == null) {
            return "(none: not in pg_dist_partition)";
        }
        switch (partitionMethod) {
            case "h": return "hash";
            case "r": return "range";
            case "a": return "append";
            case "n": return "none";
            default: return partitionMethod;
        }
    }

    private String shards() {
        return shardCount + (shardCount == 1 ? " shard" : " shards");
    }

    private String relkindName() {
        switch (relkind == null ? "" : relkind) {
            case "v": return "view";
            case "m": return "materialized view";
            case "S": return "sequence";
            case "i": return "index";
            case "I": return "partitioned index";
            case "c": return "composite type";
            case "t": return "TOAST table";
            default: return "relation of kind '" + relkind + "'";
        }
    }

    /** Placements of one table on one primary node. */
    public record NodePlacements(String host, int port, boolean coordinator, boolean active, boolean shouldHaveShards,
            int placements) {

        /** {@code host:port}. */
        public String address() {
            return host + ":" + port;
        }

        /** A line for a failure message, such as {@code worker-1:5432: 16 placements}. */
        public String describe() {
            List<String> notes = new ArrayList<>();
            if (coordinator) {
                notes.add("coordinator");
            }
            if (!active) {
                notes.add("inactive");
            }
            if (!shouldHaveShards) {
                notes.add("shouldhaveshards false");
            }
            return address() + ": " + placements + (placements == 1 ? " placement" : " placements")
                    + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
        }
    }

    /** Placements of the table {@code to_regclass(name)} per primary node, the coordinator first. */
    public static List<NodePlacements> readPlacements(Connection c, String name) throws SQLException {
        List<NodePlacements> out = new ArrayList<>();
        for (List<Object> r : Jdbc.query(c, AssertionSql.PLACEMENTS_PER_NODE, name)) {
            out.add(new NodePlacements(str(r.get(0)), ((Number) r.get(1)).intValue(), (Boolean) r.get(2),
                    (Boolean) r.get(3), (Boolean) r.get(4), ((Number) r.get(5)).intValue()));
        }
        return out;
    }

    /**
     * Whether a column name given by a test names the distribution column: exact match, a double-quoted name
     * ({@code "\"TenantId\""}) matched exactly, or an unquoted name matched the way SQL folds it (lower case).
     */
    public static boolean sameColumn(String given, String actual) {
        if (given == null || actual == null) {
            return false;
        }
        String g = given.strip();
        if (g.length() >= 2 && g.startsWith("\"") && g.endsWith("\"")) {
            return g.substring(1, g.length() - 1).replace("\"\"", "\"").equals(actual);
        }
        return g.equals(actual) || g.toLowerCase(Locale.ROOT).equals(actual);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
