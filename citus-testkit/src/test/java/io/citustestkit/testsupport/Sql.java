package io.citustestkit.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Tiny JDBC helpers for tests. */
public final class Sql {

    private Sql() {}

    public static void exec(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@link #distributedTable(Connection, String, int, int, int)} on the cluster's coordinator. */
    public static void distributedTable(io.citustestkit.CitusClusterContainer cluster, String table, int shards,
            int tenants, int perTenant) throws SQLException {
        try (Connection c = cluster.createConnection("")) {
            distributedTable(c, table, shards, tenants, perTenant);
        }
    }

    /** A table distributed by {@code tenant_id} over {@code shards} shards with {@code tenants x perTenant} rows. */
    public static void distributedTable(Connection c, String table, int shards, int tenants, int perTenant)
            throws SQLException {
        exec(c, "CREATE TABLE " + table + " (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))",
                "SELECT create_distributed_table('" + table + "', 'tenant_id', shard_count => " + shards + ")",
                "INSERT INTO " + table + " SELECT t, i FROM generate_series(1, " + tenants + ") t, generate_series(1, "
                        + perTenant + ") i");
    }
}
