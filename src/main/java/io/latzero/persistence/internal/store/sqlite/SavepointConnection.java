package io.latzero.persistence.internal.store.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The connection one operation of a {@link GroupCommit} batch sees: Hibernate's transaction demarcation on it
 * becomes a savepoint inside the batch's open SQLite transaction. {@code setAutoCommit(false)} (begin) sets the
 * savepoint, {@code commit()} releases it, {@code rollback()} rolls back to it and releases it, and
 * {@code close()} leaves the batch's connection open. Everything else goes to the real connection.
 *
 * <p>The first operation of a batch needs no savepoint: the SQLite transaction holds nothing else, so its
 * {@code rollback()} rolls back the whole SQLite transaction (and reports that the batch is empty and over).
 */
final class SavepointConnection implements InvocationHandler {
    private static final String SAVEPOINT = "latzero_operation";

    private final Connection target;
    private final boolean first;
    private final Runnable onBroken;
    private final Runnable onRolledBack;
    private boolean inSavepoint;

    private SavepointConnection(Connection target, boolean first, Runnable onBroken, Runnable onRolledBack) {
        this.target = target;
        this.first = first;
        this.onBroken = onBroken;
        this.onRolledBack = onRolledBack;
    }

    /**
     * Wraps {@code target} for an operation, the batch's {@code first} or a later one; {@code onBroken} runs if a
     * savepoint cannot be released or rolled back, {@code onRolledBack} when the first operation rolled back the
     * whole SQLite transaction.
     */
    static Connection wrap(Connection target, boolean first, Runnable onBroken, Runnable onRolledBack) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new SavepointConnection(target, first, onBroken, onRolledBack));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getAutoCommit":
                return !inSavepoint;
            case "setAutoCommit":
                if (!(Boolean) args[0] && !inSavepoint) {
                    if (!first) {
                        execute("SAVEPOINT " + SAVEPOINT);
                    }
                    inSavepoint = true;
                }
                return null;
            case "commit":
                end(first ? null : "RELEASE " + SAVEPOINT);
                return null;
            case "rollback":
                if (args == null) {
                    boolean undoesBatch = first && inSavepoint;
                    end(first ? "ROLLBACK" : "ROLLBACK TO " + SAVEPOINT + "; RELEASE " + SAVEPOINT);
                    if (undoesBatch) {
                        onRolledBack.run();
                    }
                    return null;
                }
                break;
            case "close":
                return null;
            case "isClosed":
                return target.isClosed();
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : target.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy) || target.isWrapperFor((Class<?>) args[0]);
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                break;
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void end(String sql) throws SQLException {
        if (!inSavepoint) {
            return;
        }
        inSavepoint = false;
        if (sql == null) {
            return;
        }
        try {
            for (String statement : sql.split("; ")) {
                execute(statement);
            }
        } catch (SQLException | RuntimeException e) {
            // SQLite rolled the whole transaction back by itself (SQLITE_FULL, IOERR...): the batch is lost.
            onBroken.run();
            throw e;
        }
    }

    private void execute(String sql) throws SQLException {
        try (PreparedStatement s = target.prepareStatement(sql)) {
            s.execute();
        }
    }
}
