package io.latzero.persistence.internal.store.sqlite;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A physical SQLite connection that keeps its prepared statements for reuse. sqlite-jdbc compiles every
 * {@code prepareStatement} afresh (for an INSERT into {@code app_registry} that includes the pool-index triggers'
 * programs), HikariCP deliberately has no statement cache, and Hibernate prepares each statement again in every
 * session: so a one-row write spent more time compiling SQL than running it. Here {@code close()} on a prepared
 * statement resets it (its result set closed, so it holds no read snapshot; its parameters cleared) and keeps it;
 * the next {@code prepareStatement} of the same SQL on this connection gets it back. A statement whose settings
 * were changed (fetch size, max rows, timeout...) is really closed instead, so no setting leaks to a later user.
 * Closing the connection closes every kept statement.
 *
 * <p>A connection is used by one thread at a time (it is pooled), so the cache is only guarded against the pool
 * closing the connection from another thread.
 */
final class StatementCachingConnection implements InvocationHandler {
    private static final System.Logger LOG = System.getLogger(StatementCachingConnection.class.getName());
    /** Distinct statements kept per connection; the library uses a few dozen, extensions add their own. */
    static final int MAX_STATEMENTS = 128;
    private static final Set<String> STATEMENT_SETTINGS = Set.of("setMaxRows", "setLargeMaxRows", "setFetchSize",
            "setFetchDirection", "setQueryTimeout", "setEscapeProcessing", "setCursorName", "setPoolable",
            "closeOnCompletion", "setMaxFieldSize");

    private final Connection target;
    private final Map<String, PreparedStatement> idle = new LinkedHashMap<>(32, 0.75f, true);
    private boolean closed;

    private StatementCachingConnection(Connection target) {
        this.target = target;
    }

    /** Wraps a physical connection; {@code unwrap} still reaches the driver's own connection class. */
    static Connection wrap(Connection target) {
        return (Connection) Proxy.newProxyInstance(StatementCachingConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new StatementCachingConnection(target));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "prepareStatement":
                if (args.length == 1 || (args.length == 3 && (Integer) args[1] == ResultSet.TYPE_FORWARD_ONLY
                        && (Integer) args[2] == ResultSet.CONCUR_READ_ONLY)) {
                    return prepare((String) args[0]);
                }
                break;
            case "close":
                closeAll();
                break;
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(target) ? target : target.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(target) || target.isWrapperFor((Class<?>) args[0]);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "StatementCachingConnection[" + target + "]";
            default:
                break;
        }
        return call(target, method, args);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement;
        synchronized (this) {
            statement = idle.remove(sql);
        }
        if (statement == null) {
            statement = target.prepareStatement(sql);
        }
        return (PreparedStatement) Proxy.newProxyInstance(StatementCachingConnection.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, new Lease(sql, statement));
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

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One user's hold on a cached statement, from {@code prepareStatement} to {@code close}. */
    private final class Lease implements InvocationHandler {
        private final String sql;
        private final PreparedStatement statement;
        private ResultSet results;
        private boolean reusable = true;
        private boolean released;

        Lease(String sql, PreparedStatement statement) {
            this.sql = sql;
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    release();
                    return null;
                case "isClosed":
                    return released || statement.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "unwrap":
                    return ((Class<?>) args[0]).isInstance(proxy) ? proxy : statement.unwrap((Class<?>) args[0]);
                default:
                    break;
            }
            if (released) {
                throw new SQLException("The statement is closed");
            }
            if (STATEMENT_SETTINGS.contains(name)) {
                reusable = false;
            }
            Object result = call(statement, method, args);
            if (result instanceof ResultSet rs) {
                results = rs;
            }
            return result;
        }

        private void release() throws SQLException {
            if (released) {
                return;
            }
            released = true;
            if (!reusable) {
                statement.close();
                return;
            }
            try {
                // Closing the result set resets the statement: an unfinished SELECT would otherwise keep its read
                // transaction (and WAL snapshot) open on this connection.
                if (results != null && !results.isClosed()) {
                    results.close();
                }
                statement.clearParameters();
                statement.clearBatch();
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
            giveBack(sql, statement);
        }
    }
}
