package io.latzero.persistence.internal.tx;

import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.internal.jpa.Database;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import java.lang.System.Logger.Level;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.hibernate.FlushMode;
import org.hibernate.Session;

/**
 * The transaction a thread is running: one entity manager per unit, begun when first used, and the events
 * its flushed changes produced. Created and finished only by {@link TransactionRunner}.
 *
 * <p>A caller's nested transaction runs inside a {@link Savepoint}: SQL savepoints on the units open when it
 * begins, and, on a unit first used inside it, one taken as that unit begins. Rolling back to it undoes the nested
 * work's rows, persistence-context state and events, and leaves the rest of the transaction as it was.
 */
public final class UnitOfWork {
    private static final System.Logger LOG = System.getLogger(UnitOfWork.class.getName());
    /** Taken on a unit first used inside a nested transaction: its state before any of the nested work. */
    private static final String UNIT_BEGUN = "latzero_unit_begun";
    private final Unit durableUnit;
    private final Unit ephemeralUnit;
    private final ReentrantLock writeLock;
    private final CommitStrategy commits;
    private final Errors errors;
    private final ChangeStamp changeStamp;
    private final List<PersistenceEvent> events;
    private CommitStrategy.Transaction durableTransaction;
    private EntityManager durable;
    private EntityManager ephemeral;
    private boolean holdsWriteLock;
    private boolean durablyCommitted;
    private final Deque<Savepoint> savepoints = new ArrayDeque<>();
    private int savepointsTaken;
    private long changeMark;
    private boolean stamped;

    /** Where a nested transaction began: its savepoint's name, the units it covers, and the events before it. */
    static final class Savepoint {
        private final String name;
        private final boolean onDurable;
        private final boolean onEphemeral;
        private final int eventsBefore;

        private Savepoint(String name, boolean onDurable, boolean onEphemeral, int eventsBefore) {
            this.name = name;
            this.onDurable = onDurable;
            this.onEphemeral = onEphemeral;
            this.eventsBefore = eventsBefore;
        }
    }

    /**
     * A transaction on the two units; its durable work is serialised by {@code writeLock} and made durable by
     * {@code commits}, {@code changeStamp} puts the change log's revisions on its events, and {@code events} collects
     * what its flushed changes produced.
     */
    UnitOfWork(Unit durableUnit, Unit ephemeralUnit, ReentrantLock writeLock, CommitStrategy commits, Errors errors,
               ChangeStamp changeStamp, List<PersistenceEvent> events) {
        this.durableUnit = durableUnit;
        this.ephemeralUnit = ephemeralUnit;
        this.writeLock = writeLock;
        this.commits = commits;
        this.errors = errors;
        this.changeStamp = changeStamp;
        this.events = events;
    }

    /** The durable unit's entity manager in this transaction; the first call takes the write lock and begins. */
    public EntityManager durable() {
        if (durable == null) {
            writeLock.lock();
            holdsWriteLock = true;
            durableTransaction = commits.begin(durableUnit.database());
            durable = durableTransaction.entityManager();
            changeMark = changeStamp.begin(durable);
            if (!savepoints.isEmpty()) {
                execute(durable, "SAVEPOINT " + UNIT_BEGUN);
            }
        }
        return durable;
    }

    /** The ephemeral (trigger records) unit's entity manager in this transaction. */
    public EntityManager ephemeral() {
        if (ephemeral == null) {
            ephemeral = EntityTransactions.begin(ephemeralUnit.open());
            if (!savepoints.isEmpty()) {
                execute(ephemeral, "SAVEPOINT " + UNIT_BEGUN);
            }
        }
        return ephemeral;
    }

    /**
     * Begins a nested transaction: flushes each open unit (so what came before is below the savepoint) and sets a
     * savepoint on it.
     */
    Savepoint savepoint() {
        Savepoint savepoint = new Savepoint("latzero_nested_" + ++savepointsTaken, durable != null, ephemeral != null,
                events.size());
        for (EntityManager em : open(savepoint)) {
            em.flush();
            execute(em, "SAVEPOINT " + savepoint.name);
        }
        savepoints.push(savepoint);
        return savepoint;
    }

    /** Ends a nested transaction that succeeded: its changes become the enclosing transaction's. */
    void release(Savepoint savepoint) {
        requireInnermost(savepoint);
        savepoints.pop();
        for (EntityManager em : open(savepoint)) {
            execute(em, "RELEASE " + savepoint.name);
        }
    }

    /**
     * Ends a nested transaction that failed: every unit goes back to where it was when the nested transaction began
     * (a unit first used inside it, to where it began), its persistence context is cleared, and the nested work's
     * events are dropped. If a unit cannot roll back, its whole transaction is marked to roll back.
     */
    void rollbackTo(Savepoint savepoint) {
        requireInnermost(savepoint);
        savepoints.pop();
        events.subList(savepoint.eventsBefore, events.size()).clear();
        rollbackTo(durable, savepoint.onDurable, savepoint.name);
        rollbackTo(ephemeral, savepoint.onEphemeral, savepoint.name);
    }

    private static void rollbackTo(EntityManager em, boolean hasSavepoint, String name) {
        if (em == null || !em.isOpen() || !em.getTransaction().isActive()) {
            return;
        }
        try {
            if (hasSavepoint) {
                execute(em, "ROLLBACK TO " + name);
                execute(em, "RELEASE " + name);
            } else {
                execute(em, "ROLLBACK TO " + UNIT_BEGUN);
            }
            em.clear();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Rolling back a nested transaction failed; the whole transaction will roll back", e);
            em.getTransaction().setRollbackOnly();
        }
    }

    private List<EntityManager> open(Savepoint savepoint) {
        if (savepoint.onDurable && savepoint.onEphemeral) {
            return List.of(durable, ephemeral);
        }
        return savepoint.onDurable ? List.of(durable) : savepoint.onEphemeral ? List.of(ephemeral) : List.of();
    }

    private void requireInnermost(Savepoint savepoint) {
        if (savepoints.peek() != savepoint) {
            throw new IllegalStateException("nested transactions must end innermost first");
        }
    }

    private static void execute(EntityManager em, String sql) {
        em.unwrap(Session.class).doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        });
    }

    boolean touchedDurable() {
        return durable != null;
    }

    List<PersistenceEvent> events() {
        return events;
    }

    /**
     * Flushes the durable unit and puts the revisions of its logged changes on its events (see {@link ChangeStamp}).
     * Nothing of the transaction runs between this and {@link #commitDurable()}, which therefore need not flush again.
     */
    void stampChanges() {
        if (durable != null && durable.getTransaction().isActive() && !durable.getTransaction().getRollbackOnly()) {
            durable.unwrap(Session.class).flush();
            changeStamp.beforeCommit(durable, changeMark, events);
            stamped = true;
        }
    }

    void commitDurable() {
        commit(durable, durableUnit.database(), !stamped);
    }

    void commitEphemeral() {
        commit(ephemeral, ephemeralUnit.database(), true);
    }

    /**
     * Commits {@code em}'s transaction if it is still open (a unit may be committed before the other's turn),
     * flushing it first if {@code flush} (false when it was flushed just before); its session is not flushed again by
     * the commit itself.
     */
    private static void commit(EntityManager em, Database db, boolean flush) {
        if (em != null && em.getTransaction().isActive()) {
            EntityTransaction tx = em.getTransaction();
            if (tx.getRollbackOnly()) {
                tx.rollback();
                throw new jakarta.persistence.RollbackException("the transaction was marked for rollback by an earlier"
                        + " failure inside it (also one its caller caught); nothing of it was stored");
            }
            Session session = em.unwrap(Session.class);
            if (flush) {
                session.flush();
            }
            session.setHibernateFlushMode(FlushMode.MANUAL);
            try {
                tx.commit();
            } catch (RuntimeException e) {
                EntityTransactions.discardConnection(em, db);
                throw e;
            }
        }
    }

    /**
     * After the durable unit's commit: makes it durable as the store's {@link CommitStrategy} does and runs
     * {@code afterCommit} under the write lock once it is. A strategy that shares commits may release the write
     * lock to wait for the shared COMMIT, which happens at once if the ephemeral unit is open too (so no connection
     * of it is held while waiting).
     *
     * @throws io.latzero.persistence.StorageException if the shared commit failed
     */
    void makeDurable(Runnable afterCommit) {
        durableTransaction.makeDurable(afterCommit, ephemeral != null, this::releaseWriteLock);
        durablyCommitted = true;
    }

    private void releaseWriteLock() {
        holdsWriteLock = false;
        writeLock.unlock();
    }

    /** Whether the durable unit's changes are committed and durable. */
    boolean durablyCommitted() {
        return durablyCommitted;
    }

    void rollback() {
        rollback(durable, durableUnit.database());
        rollback(ephemeral, ephemeralUnit.database());
    }

    private static void rollback(EntityManager em, Database db) {
        if (em != null && em.isOpen() && em.getTransaction().isActive()) {
            try {
                em.getTransaction().rollback();
            } catch (RuntimeException e) {
                // SQLite rolls back by itself after SQLITE_FULL or IOERR ("no transaction is active"); either way the
                // connection's idea of its transaction is now wrong.
                EntityTransactions.discardConnection(em, db);
            }
        }
    }

    void close() {
        try {
            EntityTransactions.closeQuietly(durable);
            EntityTransactions.closeQuietly(ephemeral);
        } finally {
            if (holdsWriteLock) {
                try {
                    endOnFailure();
                } finally {
                    releaseWriteLock();
                }
            }
        }
    }

    /** A transaction that failed still ends its part in a shared commit, so the others' work gets committed. */
    private void endOnFailure() {
        if (durablyCommitted) {
            return;
        }
        if (durableTransaction != null) {
            durableTransaction.endOnFailure();
        } else {
            commits.flush();
        }
    }

    /** How this transaction's failures read: as the library's exceptions, and whether an insert hit a taken key. */
    public Errors errors() {
        return errors;
    }
}
