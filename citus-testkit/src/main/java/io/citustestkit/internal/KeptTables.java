package io.citustestkit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables {@code truncateTables()} leaves alone ({@code withKeptTables}), resolved when it runs: a name is looked
 * up as SQL looks up a table name, so tables that migrations create in a test can be kept too.
 *
 * <pre>{@code
 * List<Long> oids = KeptTables.oids(connection, List.of("public.countries"));   // [16412]
 * }</pre>
 */
public final class KeptTables {

    private KeptTables() {}

    /**
     * The oids of the kept tables, in order.
     *
     * @throws IllegalArgumentException naming the first that does not exist and the tables there are
     */
    public static List<Long> oids(Connection c, List<String> keptTables) throws SQLException {
        List<Long> oids = new ArrayList<>();
        if (keptTables.isEmpty()) {
            return oids;
        }
        for (List<Object> row : Jdbc.query(c, ClusterSql.resolveTables(keptTables))) {
            if (row.get(1) == null) {
                List<String> tables = Jdbc.strings(c, ClusterSql.USER_TABLES);
                throw new IllegalArgumentException("keptTables named " + row.get(0) + ", which does not exist on the"
                        + " coordinator; allowed: tables that exist when truncateTables() runs (after the init"
                        + " scripts), such as " + (tables.isEmpty() ? "none yet" : String.join(", ",
                        tables.subList(0, Math.min(10, tables.size()))) + (tables.size() > 10 ? ", ..." : "")));
            }
            oids.add(((Number) row.get(1)).longValue());
        }
        return oids;
    }
}
