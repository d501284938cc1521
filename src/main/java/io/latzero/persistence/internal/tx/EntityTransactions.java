package io.latzero.persistence.internal.tx;

import io.latzero.persistence.internal.jpa.Database;
import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import org.hibernate.Session;
import org.hibernate.SharedSessionContract;

/** Beginning an entity manager's transaction, and what to do with its connection when a transaction step failed. */
final class EntityTransactions {
    private static final System.Logger LOG = System.getLogger(EntityTransactions.class.getName());

    private EntityTransactions() {
    }

    /** A new entity manager on {@code db}, its transaction begun. */
    static EntityManager begin(Database db) {
        EntityManager em = db.emf().createEntityManager();
        try {
            em.getTransaction().begin();
            return em;
        } catch (RuntimeException e) {
            discardConnection(em, db);
            closeQuietly(em);
            throw e;
        }
    }

    /**
     * Takes the entity manager's connection out of the pool for good. Needed whenever SQLite's {@code BEGIN},
     * {@code COMMIT} or {@code ROLLBACK} failed: sqlite-jdbc has then already flipped its autocommit flag, so the
     * connection would claim a transaction it does not have and the next "transaction" on it would autocommit
     * statement by statement.
     */
    static void discardConnection(EntityManager em, Database db) {
        discardConnection((SharedSessionContract) em.unwrap(Session.class), db);
    }

    /** As {@link #discardConnection(EntityManager, Database)}, for any session (a stateless one too). */
    static void discardConnection(SharedSessionContract session, Database db) {
        try {
            session.doWork(connection -> db.dataSource().evictConnection(connection));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not evict the connection of a failed transaction on " + db.location(), e);
        }
    }

    /** Closes after the outcome is decided: a failure to hand the connection back changes nothing, so it is logged. */
    static void closeQuietly(EntityManager em) {
        if (em != null && em.isOpen()) {
            close(em);
        }
    }

    /** As {@link #closeQuietly(EntityManager)}, for any session (a stateless one too). */
    static void closeQuietly(SharedSessionContract session) {
        if (session.isOpen()) {
            close(session);
        }
    }

    private static void close(AutoCloseable session) {
        try {
            session.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Releasing a connection after its transaction ended failed", e);
        }
    }
}
