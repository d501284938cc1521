package io.latzero.persistence.internal.store.sqlite;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A physical SQLite connection that keeps its prepared statements for reuse. sqlite-jdbc compiles every
 * {@code prepareStatement} afresh (for an INSERT into {@code app_registry} that includes the pool-index triggers'
 * programs), HikariCP deliberately has no statement cache, and Hibernate prepares each statement again in every
 * session: so a one-row write spent more time compiling SQL than running it. Here {@code close()} on a prepared
 * statement resets it (its result set closed, so it holds no read snapshot; its parameters cleared) and keeps it;
 * the next {@code prepareStatement} of the same SQL on this connection gets it back. A statement whose settings
 * were changed (fetch size, max rows, timeout...) is really closed instead, so no setting leaks to a later user.
 * Closing the connection closes every kept statement. Only {@code prepareStatement(sql)} and its forward-only,
 * read-only form are cached; every other call goes straight to the physical connection.
 *
 * <p>A connection is used by one thread at a time (it is pooled), so the cache is only guarded against the pool
 * closing the connection from another thread.
 */
final class StatementCachingConnection extends DelegatingConnection {
    private static final System.Logger LOG = System.getLogger(StatementCachingConnection.class.getName());
    /** Distinct statements kept per connection; the library uses a few dozen, extensions add their own. */
    static final int MAX_STATEMENTS = 128;

    private final Map<String, PreparedStatement> idle = new LinkedHashMap<>(32, 0.75f, true);
    private boolean closed;

    private StatementCachingConnection(Connection target) {
        super(target);
    }

    /** Wraps a physical connection; {@code unwrap} still reaches the driver's own connection class. */
    static Connection wrap(Connection target) {
        return new StatementCachingConnection(target);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        if (resultSetType == ResultSet.TYPE_FORWARD_ONLY && resultSetConcurrency == ResultSet.CONCUR_READ_ONLY) {
            return prepare(sql);
        }
        return super.prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public void close() throws SQLException {
        closeAll();
        super.close();
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement;
        synchronized (this) {
            statement = idle.remove(sql);
        }
        if (statement == null) {
            statement = delegate.prepareStatement(sql);
        }
        return new Lease(sql, statement);
    }

    /** Takes back a reset statement; closes it instead if one for its SQL is kept already or the connection closed. */
    private void giveBack(String sql, PreparedStatement statement) {
        PreparedStatement surplus = null;
        PreparedStatement evicted = null;
        synchronized (this) {
            if (closed || idle.containsKey(sql)) {
                surplus = statement;
            } else {
                idle.put(sql, statement);
                if (idle.size() > MAX_STATEMENTS) {
                    Iterator<PreparedStatement> eldest = idle.values().iterator();
                    evicted = eldest.next();
                    eldest.remove();
                }
            }
        }
        closeQuietly(surplus);
        closeQuietly(evicted);
    }

    private void closeAll() {
        synchronized (this) {
            closed = true;
            idle.values().forEach(StatementCachingConnection::closeQuietly);
            idle.clear();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "Closing a cached statement failed", e);
            }
        }
    }

    /**
     * One user's hold on a cached statement, from {@code prepareStatement} to {@code close}: after {@code close} every
     * call but {@code isClosed}, {@code unwrap} and {@code toString} fails. Changing one of the statement's settings
     * (the setters of {@code Statement}, and {@code closeOnCompletion}) makes it close for real instead of being kept.
     */
    private final class Lease extends DelegatingPreparedStatement {
        private final String sql;
        private ResultSet results;
        private boolean reusable = true;
        private boolean released;

        Lease(String sql, PreparedStatement statement) {
            super(statement);
            this.sql = sql;
        }

        @Override
        PreparedStatement target() throws SQLException {
            if (released) {
                throw new SQLException("The statement is closed");
            }
            return delegate;
        }

        @Override
        public void close() throws SQLException {
            release();
        }

        @Override
        public boolean isClosed() throws SQLException {
            return released || delegate.isClosed();
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            return track(target().executeQuery());
        }

        @Override
        public ResultSet getResultSet() throws SQLException {
            return track(target().getResultSet());
        }

        @Override
        public ResultSet getGeneratedKeys() throws SQLException {
            return track(target().getGeneratedKeys());
        }

        @Override
        public void setMaxRows(int max) throws SQLException {
            changeSetting().setMaxRows(max);
        }

        @Override
        public void setLargeMaxRows(long max) throws SQLException {
            changeSetting().setLargeMaxRows(max);
        }

        @Override
        public void setFetchSize(int rows) throws SQLException {
            changeSetting().setFetchSize(rows);
        }

        @Override
        public void setFetchDirection(int direction) throws SQLException {
            changeSetting().setFetchDirection(direction);
        }

        @Override
        public void setQueryTimeout(int seconds) throws SQLException {
            changeSetting().setQueryTimeout(seconds);
        }

        @Override
        public void setEscapeProcessing(boolean enable) throws SQLException {
            changeSetting().setEscapeProcessing(enable);
        }

        @Override
        public void setCursorName(String name) throws SQLException {
            changeSetting().setCursorName(name);
        }

        @Override
        public void setPoolable(boolean poolable) throws SQLException {
            changeSetting().setPoolable(poolable);
        }

        @Override
        public void closeOnCompletion() throws SQLException {
            changeSetting().closeOnCompletion();
        }

        @Override
        public void setMaxFieldSize(int max) throws SQLException {
            changeSetting().setMaxFieldSize(max);
        }

        /** Remembers the latest result set, for {@code close} to close it. */
        private ResultSet track(ResultSet resultSet) {
            if (resultSet != null) {
                results = resultSet;
            }
            return resultSet;
        }

        /** The statement to change a setting on, marked to be closed rather than kept. */
        private PreparedStatement changeSetting() throws SQLException {
            PreparedStatement statement = target();
            reusable = false;
            return statement;
        }

        private void release() throws SQLException {
            if (released) {
                return;
            }
            released = true;
            if (!reusable) {
                delegate.close();
                return;
            }
            try {
                // Closing the result set resets the statement: an unfinished SELECT would otherwise keep its read
                // transaction (and WAL snapshot) open on this connection.
                if (results != null && !results.isClosed()) {
                    results.close();
                }
                delegate.clearParameters();
                delegate.clearBatch();
            } catch (SQLException | RuntimeException e) {
                delegate.close();
                throw e;
            }
            giveBack(sql, delegate);
        }
    }
}
