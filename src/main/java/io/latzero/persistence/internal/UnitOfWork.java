package io.latzero.persistence.internal;

import io.latzero.persistence.event.PersistenceEvent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.util.List;
import org.hibernate.Session;

/**
 * The transaction a thread is running: one entity manager per unit, begun when first used, and the events
 * its flushed changes produced. Created and finished only by {@link TransactionRunner}.
 */
public final class UnitOfWork {
    private final TransactionRunner runner;
    private final List<PersistenceEvent> events;
    private EntityManager durable;
    private EntityManager ephemeral;
    private boolean holdsWriteLock;

    UnitOfWork(TransactionRunner runner, List<PersistenceEvent> events) {
        this.runner = runner;
        this.events = events;
    }

    /** The durable unit's entity manager in this transaction; the first call takes the write lock and begins. */
    public EntityManager durable() {
        if (durable == null) {
            runner.lockWrites();
            holdsWriteLock = true;
            durable = begin(runner.durable());
        }
        return durable;
    }

    /** The ephemeral (trigger records) unit's entity manager in this transaction. */
    public EntityManager ephemeral() {
        if (ephemeral == null) {
            ephemeral = begin(runner.ephemeral());
        }
        return ephemeral;
    }

    private static EntityManager begin(Database db) {
        EntityManager em = db.emf().createEntityManager();
        try {
            em.getTransaction().begin();
            return em;
        } catch (RuntimeException e) {
            em.close();
            throw e;
        }
    }

    boolean touchedDurable() {
        return durable != null;
    }

    List<PersistenceEvent> events() {
        return events;
    }

    void commitDurable() {
        commit(durable);
    }

    void commitEphemeral() {
        commit(ephemeral);
    }

    /** Commits {@code em}'s transaction if it is still open (a unit may be committed before the other's turn). */
    private static void commit(EntityManager em) {
        if (em != null && em.getTransaction().isActive()) {
            EntityTransaction tx = em.getTransaction();
            if (tx.getRollbackOnly()) {
                tx.rollback();
                throw new jakarta.persistence.RollbackException("the transaction was marked for rollback by an earlier failure");
            }
            em.unwrap(Session.class).flush();
            tx.commit();
        }
    }

    void rollback() {
        rollback(durable);
        rollback(ephemeral);
    }

    private static void rollback(EntityManager em) {
        if (em != null && em.isOpen() && em.getTransaction().isActive()) {
            try {
                em.getTransaction().rollback();
            } catch (RuntimeException ignored) {
                // SQLite rolls back by itself after SQLITE_FULL or IOERR; "no transaction is active" is expected then.
            }
        }
    }

    void close() {
        try {
            closeQuietly(durable);
            closeQuietly(ephemeral);
        } finally {
            if (holdsWriteLock) {
                holdsWriteLock = false;
                runner.unlockWrites();
            }
        }
    }

    private static void closeQuietly(EntityManager em) {
        if (em != null && em.isOpen()) {
            em.close();
        }
    }
}
