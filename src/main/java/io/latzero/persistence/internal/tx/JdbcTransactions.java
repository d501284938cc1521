package io.latzero.persistence.internal.tx;

import java.sql.Connection;
import java.sql.SQLException;

/** Raw JDBC work in one transaction, for the few paths that bypass the entity managers (export, import). */
public final class JdbcTransactions {
    private JdbcTransactions() {
    }

    /** Work on the connection that may also fail with {@code X}. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run() throws SQLException, X;
    }

    /**
     * Runs {@code work} in a transaction on {@code connection} and commits it; if it throws, rolls back. Either way
     * the connection is left in autocommit mode, as the pool hands connections out.
     */
    public static <T, X extends Exception> T inTransaction(Connection connection, Work<T, X> work) throws SQLException, X {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } finally {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }
}
