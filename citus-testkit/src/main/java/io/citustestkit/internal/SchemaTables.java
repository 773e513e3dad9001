package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of one schema and their foreign keys, with what Citus knows about each table, read from the
 * coordinator's catalog for the schema assertions.
 *
 * <pre>{@code
 * for (SchemaTables.Table t : SchemaTables.tables(c, "public")) {
 *     if (t.metadata().isLocal()) { ... }
 * }
 * }</pre>
 */
public final class SchemaTables {

    private SchemaTables() {}

    /** A table of the schema: its name there and its metadata. */
    public record Table(String name, TableMetadata metadata) {}

    /** A foreign key of a table of the schema and the table it references. */
    public record ForeignKey(String constraint, String table, String qualifiedTable, String columns,
            String referencedName, TableMetadata referenced) {

        /** {@code public.orders (company_id) -> public.companies}. */
        public String describe() {
            return qualifiedTable + " (" + columns + ") -> " + referenced.qualifiedName() + " (constraint "
                    + constraint + ")";
        }
    }

    /** Whether the schema exists. */
    public static boolean exists(Connection c, String schema) throws SQLException {
        return !Jdbc.query(c, AssertionSql.SCHEMA_EXISTS, schema).isEmpty();
    }

    /** The schema's tables (partitions left out), by name. */
    public static List<Table> tables(Connection c, String schema) throws SQLException {
        List<Table> out = new ArrayList<>();
        for (List<Object> r : Jdbc.query(c, AssertionSql.SCHEMA_TABLES, schema)) {
            out.add(new Table((String) r.get(0), metadata(r, 1)));
        }
        return out;
    }

    /** The foreign keys of the schema's tables. */
    public static List<ForeignKey> foreignKeys(Connection c, String schema) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        for (List<Object> r : Jdbc.query(c, AssertionSql.SCHEMA_FOREIGN_KEYS, schema)) {
            out.add(new ForeignKey((String) r.get(0), (String) r.get(1), (String) r.get(2), (String) r.get(3),
                    (String) r.get(4), metadata(r, 5)));
        }
        return out;
    }

    private static TableMetadata metadata(List<Object> r, int from) {
        return new TableMetadata((String) r.get(from), (String) r.get(from + 1), (String) r.get(from + 2),
                (String) r.get(from + 3), (String) r.get(from + 4),
                r.get(from + 5) == null ? null : ((Number) r.get(from + 5)).intValue(), (String) r.get(from + 6),
                ((Number) r.get(from + 7)).intValue());
    }
}
