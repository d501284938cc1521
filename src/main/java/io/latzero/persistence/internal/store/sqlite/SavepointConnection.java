package io.latzero.persistence.internal.store.sqlite;

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
final class SavepointConnection extends DelegatingConnection {
    private static final String SAVEPOINT = "latzero_operation";

    private final boolean first;
    private final Runnable onBroken;
    private final Runnable onRolledBack;
    private boolean inSavepoint;

    private SavepointConnection(Connection target, boolean first, Runnable onBroken, Runnable onRolledBack) {
        super(target);
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
        return new SavepointConnection(target, first, onBroken, onRolledBack);
    }

    @Override
    public boolean getAutoCommit() {
        return !inSavepoint;
    }

    /** {@code false} begins the operation (sets its savepoint); {@code true} changes nothing. */
    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        if (!autoCommit && !inSavepoint) {
            if (!first) {
                execute("SAVEPOINT " + SAVEPOINT);
            }
            inSavepoint = true;
        }
    }

    @Override
    public void commit() throws SQLException {
        end(first ? null : "RELEASE " + SAVEPOINT);
    }

    @Override
    public void rollback() throws SQLException {
        boolean undoesBatch = first && inSavepoint;
        end(first ? "ROLLBACK" : "ROLLBACK TO " + SAVEPOINT + "; RELEASE " + SAVEPOINT);
        if (undoesBatch) {
            onRolledBack.run();
        }
    }

    /** Leaves the batch's connection open. */
    @Override
    public void close() {
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
        try (PreparedStatement s = delegate.prepareStatement(sql)) {
            s.execute();
        }
    }
}
