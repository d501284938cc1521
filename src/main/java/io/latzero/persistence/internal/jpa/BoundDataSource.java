package io.latzero.persistence.internal.jpa;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source a persistence unit's Hibernate boots with before the unit's pool may be opened: it hands out
 * connections of the pool it is bound to once the database was checked and migrated, and refuses them before.
 */
final class BoundDataSource implements DataSource {
    private volatile DataSource pool;

    void bind(DataSource pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    private DataSource pool() throws SQLException {
        DataSource bound = pool;
        if (bound == null) {
            throw new SQLException("The database is not open yet: it is still being checked and migrated");
        }
        return bound;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool().getConnection(username, password);
    }

    // The pool's own settings; before it is bound, the defaults of a data source that has none.

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        DataSource bound = pool;
        return bound == null ? null : bound.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        DataSource bound = pool;
        return bound == null ? 0 : bound.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("No java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        DataSource bound = pool;
        return type.isInstance(this) || bound != null && bound.isWrapperFor(type);
    }
}
