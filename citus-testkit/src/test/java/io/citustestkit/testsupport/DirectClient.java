package io.citustestkit.testsupport;

import io.citustestkit.CitusClusterContainer;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What a smart router, a checker or a migration tool does: read the workers and shard placements from the
 * coordinator's metadata and connect to each {@code node_name:node_port} itself, with plain JDBC and the cluster's
 * credentials. An address map (a program's host override) may turn a registered address into another first.
 */
public final class DirectClient {

    private final String coordinatorUrl;
    private final String user;
    private final String password;
    private final BiFunction<String, Integer, InetSocketAddress> addressMap;

    /** A client of a cluster's coordinator that connects to the registered addresses as they are. */
    public static DirectClient of(CitusClusterContainer cluster) {
        return new DirectClient(cluster.getJdbcUrl(), cluster.getUsername(), cluster.getPassword());
    }

    /** A client of a cluster's coordinator that maps registered addresses with {@code hostAddressOf}. */
    public static DirectClient mapped(CitusClusterContainer cluster) {
        return new DirectClient(cluster.getJdbcUrl(), cluster.getUsername(), cluster.getPassword(),
                cluster::hostAddressOf);
    }

    /** A client that connects to the registered addresses as they are. */
    public DirectClient(String coordinatorUrl, String user, String password) {
        this(coordinatorUrl, user, password, InetSocketAddress::createUnresolved);
    }

    /** A client that maps every registered address first (as ThingsBoard's host override map does). */
    public DirectClient(String coordinatorUrl, String user, String password,
            BiFunction<String, Integer, InetSocketAddress> addressMap) {
        this.coordinatorUrl = coordinatorUrl;
        this.user = user;
        this.password = password;
        this.addressMap = addressMap;
    }

    /** {@code node_name:node_port} of every active worker, as {@code citus_get_active_worker_nodes()} gives them. */
    public List<String> activeWorkers() throws SQLException {
        List<String> workers = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(coordinatorUrl, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT node_name, node_port FROM citus_get_active_worker_nodes()"
                        + " ORDER BY node_port, node_name")) {
            while (rs.next()) {
                workers.add(rs.getString(1) + ":" + rs.getInt(2));
            }
        }
        return workers;
    }

    /** Runs {@code SELECT 1} on a registered node, connecting to it directly. */
    public int selectOne(String node) throws SQLException {
        try (Connection c = connect(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The rows of each shard placement of a distributed table, read on the node the metadata names for it, keyed
     * {@code node_name:node_port/shard}.
     */
    public Map<String, Long> rowsPerPlacement(String table) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        List<String[]> placements = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(coordinatorUrl, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT p.nodename, p.nodeport, shard_name('" + table + "', p.shardid)"
                        + " FROM pg_dist_shard_placement p JOIN pg_dist_shard USING (shardid)"
                        + " WHERE logicalrelid = '" + table + "'::regclass ORDER BY p.shardid")) {
            while (rs.next()) {
                placements.add(new String[] {rs.getString(1) + ":" + rs.getInt(2), rs.getString(3)});
            }
        }
        for (String[] p : placements) {
            try (Connection c = connect(p[0]); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + p[1])) {
                rs.next();
                rows.put(p[0] + "/" + p[1], rs.getLong(1));
            }
        }
        return rows;
    }

    private Connection connect(String node) throws SQLException {
        int colon = node.lastIndexOf(':');
        InetSocketAddress a = addressMap.apply(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
        String database = coordinatorUrl.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        return DriverManager.getConnection("jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/" + database
                + "?connectTimeout=10", user, password);
    }
}
