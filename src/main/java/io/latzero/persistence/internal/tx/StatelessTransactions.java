package io.latzero.persistence.internal.tx;

import io.latzero.persistence.internal.jpa.Database;
import java.util.function.Function;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;

/**
 * Work in a transaction of its own on a Hibernate {@link StatelessSession}: each operation is its statement, run at
 * once, with no persistence context to fill, flush or dirty-check (JPA lifecycle callbacks still run). Its
 * connection is handled as an entity manager's is ({@link EntityTransactions}).
 */
final class StatelessTransactions {
    private StatelessTransactions() {
    }

    /** Runs {@code work} on a new stateless session of {@code db}: committed if it returns, rolled back if it throws. */
    static <T> T run(Database db, Function<StatelessSession, T> work) {
        StatelessSession session = db.sessionFactory().openStatelessSession();
        try {
            Transaction tx = begin(session, db);
            try {
                T result = work.apply(session);
                commit(tx, session, db);
                return result;
            } catch (RuntimeException | Error e) {
                rollback(tx, session, db);
                throw e;
            }
        } finally {
            EntityTransactions.closeQuietly(session);
        }
    }

    /**
     * Runs {@code work}, which is one SQL statement, on a new stateless session of {@code db} with no transaction
     * begun: the statement is its own (SQLite autocommit), so it is written whole when it returns, and not at all
     * when it fails.
     */
    static <T> T runStatement(Database db, Function<StatelessSession, T> work) {
        StatelessSession session = db.sessionFactory().openStatelessSession();
        try {
            return work.apply(session);
        } finally {
            EntityTransactions.closeQuietly(session);
        }
    }

    private static Transaction begin(StatelessSession session, Database db) {
        Transaction tx = session.getTransaction();
        try {
            tx.begin();
            return tx;
        } catch (RuntimeException e) {
            EntityTransactions.discardConnection(session, db);
            throw e;
        }
    }

    private static void commit(Transaction tx, StatelessSession session, Database db) {
        try {
            tx.commit();
        } catch (RuntimeException e) {
            EntityTransactions.discardConnection(session, db);
            throw e;
        }
    }

    private static void rollback(Transaction tx, StatelessSession session, Database db) {
        if (session.isOpen() && tx.isActive()) {
            try {
                tx.rollback();
            } catch (RuntimeException e) {
                // As UnitOfWork's rollback: the connection's idea of its transaction may now be wrong.
                EntityTransactions.discardConnection(session, db);
            }
        }
    }
}
