package io.latzero.persistence.internal;

import io.latzero.persistence.event.PersistenceEvent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.util.List;
import java.lang.System.Logger.Level;
import org.hibernate.Session;

/**
 * The transaction a thread is running: one entity manager per unit, begun when first used, and the events
 * its flushed changes produced. Created and finished only by {@link TransactionRunner}.
 */
public final class UnitOfWork {
    private static final System.Logger LOG = System.getLogger(UnitOfWork.class.getName());
    private final TransactionRunner runner;
    private final List<PersistenceEvent> events;
    private EntityManager durable;
    private EntityManager ephemeral;
    private boolean holdsWriteLock;
    private GroupCommit.Batch batch;
    private boolean leftBatch;
    private boolean durablyCommitted;

    UnitOfWork(TransactionRunner runner, List<PersistenceEvent> events) {
        this.runner = runner;
        this.events = events;
    }

    /** The durable unit's entity manager in this transaction; the first call takes the write lock and begins. */
    public EntityManager durable() {
        if (durable == null) {
            runner.lockWrites();
            holdsWriteLock = true;
            GroupCommit group = runner.groupCommit();
            if (group == null) {
                durable = begin(runner.durable());
            } else {
                durable = group.join(runner.durable());
                batch = group.current();
            }
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
    private static void discardConnection(EntityManager em, Database db) {
        try {
            em.unwrap(Session.class).doWork(connection -> db.dataSource().evictConnection(connection));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not evict the connection of a failed transaction on " + db.location(), e);
        }
    }

    boolean touchedDurable() {
        return durable != null;
    }

    List<PersistenceEvent> events() {
        return events;
    }

    void commitDurable() {
        commit(durable, runner.durable());
    }

    void commitEphemeral() {
        commit(ephemeral, runner.ephemeral());
    }

    /** Commits {@code em}'s transaction if it is still open (a unit may be committed before the other's turn). */
    private static void commit(EntityManager em, Database db) {
        if (em != null && em.getTransaction().isActive()) {
            EntityTransaction tx = em.getTransaction();
            if (tx.getRollbackOnly()) {
                tx.rollback();
                throw new jakarta.persistence.RollbackException("the transaction was marked for rollback by an earlier failure");
            }
            em.unwrap(Session.class).flush();
            try {
                tx.commit();
            } catch (RuntimeException e) {
                discardConnection(em, db);
                throw e;
            }
        }
    }

    /**
     * After the durable unit's commit (with group commit, the release of its savepoint): makes it durable and runs
     * {@code afterCommit} under the write lock once it is. With group commit this leaves the batch, releases the
     * write lock and waits for the shared COMMIT, which happens at once if the ephemeral unit is open too (so no
     * connection of it is held while waiting).
     *
     * @throws io.latzero.persistence.StorageException if the shared commit failed
     */
    void makeDurable(Runnable afterCommit) {
        if (batch == null) {
            afterCommit.run();
            durablyCommitted = true;
            return;
        }
        leftBatch = true;
        runner.groupCommit().leave(batch, ephemeral != null, afterCommit);
        holdsWriteLock = false;
        runner.unlockWrites();
        runner.groupCommit().awaitDurable(batch);
        durablyCommitted = true;
    }

    /** Whether the durable unit's changes are committed and durable. */
    boolean durablyCommitted() {
        return durablyCommitted;
    }

    void rollback() {
        rollback(durable, runner.durable());
        rollback(ephemeral, runner.ephemeral());
    }

    private static void rollback(EntityManager em, Database db) {
        if (em != null && em.isOpen() && em.getTransaction().isActive()) {
            try {
                em.getTransaction().rollback();
            } catch (RuntimeException e) {
                // SQLite rolls back by itself after SQLITE_FULL or IOERR ("no transaction is active"); either way the
                // connection's idea of its transaction is now wrong.
                discardConnection(em, db);
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
                try {
                    endBatchOnFailure();
                } finally {
                    runner.unlockWrites();
                }
            }
        }
    }

    /** A transaction that failed still ends its place in the batch, so the others' work gets committed. */
    private void endBatchOnFailure() {
        GroupCommit group = runner.groupCommit();
        if (group == null || leftBatch) {
            return;
        }
        if (batch != null) {
            group.leave(batch, false, null);
        } else {
            group.flush();
        }
    }

    /** Closes after the outcome is decided: a failure to hand the connection back changes nothing, so it is logged. */
    private static void closeQuietly(EntityManager em) {
        if (em != null && em.isOpen()) {
            try {
                em.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Releasing a connection after its transaction ended failed", e);
            }
        }
    }
}
