package io.citustestkit.junit;

import io.citustestkit.CitusClusterContainer;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A plain (non-pooling) {@link DataSource} for the coordinator of a started cluster: every
 * {@link #getConnection()} opens a real connection, which the caller closes.
 */
final class CoordinatorDataSource implements DataSource {

    private final CitusClusterContainer cluster;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    CoordinatorDataSource(CitusClusterContainer cluster) {
        this.cluster = cluster;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(cluster.getUsername(), cluster.getPassword());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        if (loginTimeoutSeconds > 0) {
            props.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        }
        Connection connection = new org.postgresql.Driver().connect(cluster.getJdbcUrl(), props);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver did not accept " + cluster.getJdbcUrl());
        }
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "DataSource{" + cluster.getJdbcUrl() + ", user " + cluster.getUsername() + "}";
    }
}
