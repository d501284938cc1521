package io.latzero.persistence.internal.tx;

import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.internal.EventBus;
import io.latzero.persistence.event.internal.EventCollector;
import io.latzero.persistence.internal.jpa.Database;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.StatelessSession;

/**
 * Runs work in transactions. A thread has at most one {@link UnitOfWork}; nested calls join it (a caller's nested
 * transaction in a savepoint, see {@link #inNestedTransaction}). Writes to
 * the durable unit are serialised by one in-process lock (SQLite has one writer; waiting here instead of in
 * {@code busy_timeout} keeps SQLITE_BUSY away from callers). Events are delivered after commit, in commit order.
 */
public final class TransactionRunner {
    private final ThreadLocal<UnitOfWork> current = new ThreadLocal<>();
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final AtomicInteger active = new AtomicInteger();
    private final Unit durable;
    private final Unit ephemeral;
    private final EventBus events;
    private final CommitSequence commitSequence = new CommitSequence();
    private final CommitStrategy commits;
    private final Errors errors;
    private volatile Consumer<List<PersistenceEvent>> committed = events -> { };
    private volatile ChangeStamp changeStamp = ChangeStamp.NONE;

    /**
     * @param durable   the durable unit, whose store decides its {@code commits} strategy
     * @param ephemeral the in-memory unit of trigger records
     */
    public TransactionRunner(Unit durable, Unit ephemeral, CommitStrategy.Factory commits, EventBus events) {
        this.durable = durable;
        this.ephemeral = ephemeral;
        this.events = events;
        this.commits = commits.create(writeLock, commitSequence);
        this.errors = new Errors(durable.errors().or(ephemeral.errors()));
    }

    /**
     * Sets what sees the events of every durable commit, in commit order, right after the commit and before any
     * later one (e.g. a cache of committed state). It runs under the write lock and must be quick.
     */
    public void onDurableCommit(Consumer<List<PersistenceEvent>> committed) {
        this.committed = committed;
    }

    /** Sets how durable transactions learn the revisions of their changes (the change log). */
    public void onChangeStamp(ChangeStamp changeStamp) {
        this.changeStamp = changeStamp;
    }

    /**
     * Runs {@code work} in this thread's transaction, or in a new one that commits when it returns and rolls
     * back (and is rethrown, translated) when it throws.
     *
     * @param durablePrimary which unit the transaction begins on and commits first
     */
    public <T> T inTransaction(boolean durablePrimary, String action, Function<UnitOfWork, T> work) {
        UnitOfWork joined = current.get();
        if (joined != null) {
            return work.apply(joined);
        }
        List<PersistenceEvent> buffer = EventCollector.open();
        UnitOfWork uow = new UnitOfWork(durable, ephemeral, writeLock, commits, errors, changeStamp, buffer);
        current.set(uow);
        active.incrementAndGet();
        long ticket = 0;
        try {
            if (durablePrimary) {
                uow.durable();
            } else {
                uow.ephemeral();
            }
            T result = work.apply(uow);
            if (!durablePrimary) {
                uow.commitEphemeral();
            }
            uow.stampChanges();
            uow.commitDurable();
            if (uow.touchedDurable()) {
                ticket = events.reserve();
                uow.makeDurable(() -> committed.accept(buffer));
            }
            uow.commitEphemeral();
            return result;
        } catch (RuntimeException e) {
            abandon(uow, buffer);
            throw errors.translate(action, e);
        } catch (Error e) {
            abandon(uow, buffer);
            throw e;
        } finally {
            current.remove();
            EventCollector.close(buffer);
            active.decrementAndGet();
            try {
                uow.close();
            } finally {
                // A reserved ticket must be delivered whatever happens, or every later delivery waits for it forever.
                if (ticket != 0) {
                    events.deliver(ticket, buffer);
                }
            }
        }
    }

    /**
     * Runs work on the ephemeral unit alone: {@code joined} in this thread's transaction if there is one (on its
     * entity manager, so the caller's transaction sees the work and takes it back with its own), otherwise
     * {@code alone} in a transaction of its own on a {@link StatelessSession}. That one needs no unit of work, write
     * lock or event buffer (events are delivered only for durable commits); a failure rolls it back and is rethrown,
     * translated, as {@link #inTransaction}'s.
     */
    public <T> T onEphemeral(String action, Function<StatelessSession, T> alone, Function<UnitOfWork, T> joined) {
        return onEphemeral(action, StatelessTransactions::run, alone, joined);
    }

    /**
     * As {@link #onEphemeral}, for {@code alone} work that is one SQL statement: that runs with no
     * {@code BEGIN}/{@code COMMIT} around it, as SQLite runs a statement outside a transaction, in one of its own
     * (all of it or, when it fails, nothing of it).
     */
    public <T> T onEphemeralStatement(String action, Function<StatelessSession, T> alone,
                                      Function<UnitOfWork, T> joined) {
        return onEphemeral(action, StatelessTransactions::runStatement, alone, joined);
    }

    /** How {@link #onEphemeral}'s {@code alone} work runs on its stateless session. */
    private interface StatelessRun {
        <T> T run(Database db, Function<StatelessSession, T> work);
    }

    private <T> T onEphemeral(String action, StatelessRun how, Function<StatelessSession, T> alone,
                              Function<UnitOfWork, T> joined) {
        UnitOfWork running = current.get();
        if (running != null) {
            return joined.apply(running);
        }
        active.incrementAndGet();
        try {
            return how.run(ephemeral.open(), alone);
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        } finally {
            active.decrementAndGet();
        }
    }

    private static void abandon(UnitOfWork uow, List<PersistenceEvent> buffer) {
        uow.rollback();
        if (!uow.durablyCommitted()) {
            buffer.clear();
        }
    }

    /**
     * Runs a caller's transaction: as {@link #inTransaction} when none is running on this thread; otherwise nested
     * in the running one, inside a savepoint of every unit it uses. If {@code work} throws, its changes and events
     * are rolled back to the savepoint and the exception is rethrown (translated), so the caller may catch it and
     * carry on; if it returns, its changes become part of the running transaction.
     */
    public <T> T inNestedTransaction(boolean durablePrimary, String action, Function<UnitOfWork, T> work) {
        UnitOfWork joined = current.get();
        if (joined == null) {
            return inTransaction(durablePrimary, action, work);
        }
        UnitOfWork.Savepoint savepoint;
        try {
            savepoint = joined.savepoint();
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
        T result;
        try {
            result = work.apply(joined);
        } catch (RuntimeException e) {
            joined.rollbackTo(savepoint);
            throw errors.translate(action, e);
        } catch (Error e) {
            joined.rollbackTo(savepoint);
            throw e;
        }
        try {
            joined.release(savepoint);
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
        return result;
    }

    /** Reads in this thread's transaction if there is one, otherwise on a short-lived, read-only entity manager. */
    public <T> T read(String action, Function<EntityManager, T> work) {
        return read(true, action, work);
    }

    /** As {@link #read(String, Function)} on the ephemeral unit. */
    public <T> T readEphemeral(String action, Function<EntityManager, T> work) {
        return read(false, action, work);
    }

    private <T> T read(boolean onDurable, String action, Function<EntityManager, T> work) {
        UnitOfWork joined = current.get();
        if (joined != null) {
            return work.apply(onDurable ? joined.durable() : joined.ephemeral());
        }
        Database db = (onDurable ? durable : ephemeral).open();
        try (EntityManager em = db.emf().createEntityManager()) {
            em.unwrap(Session.class).setDefaultReadOnly(true);
            return work.apply(em);
        } catch (RuntimeException e) {
            throw errors.translate(action, e);
        }
    }

    /** How failures read as the library's exceptions, and whether an insert hit a taken key. */
    public Errors errors() {
        return errors;
    }

    /** The current thread's transaction, if any. */
    public UnitOfWork current() {
        return current.get();
    }

    /** Transactions open right now, on any thread. */
    public int activeTransactions() {
        return active.get();
    }

    /**
     * Runs {@code action} with every durable writer excluded (for backups that must not interleave with commits
     * of this process, for imports and for restore), as one change of the {@link #commitSequence()}. Must not be
     * called inside a transaction.
     */
    public <T> T exclusively(Supplier<T> action) {
        writeLock.lock();
        try {
            commits.flush();
            commitSequence.beginWrite();
            try {
                return action.get();
            } finally {
                commitSequence.endWrite();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Brackets every durable commit made with group commit (the strategy of the stores that may keep in-memory
     * copies of committed state) and every {@link #exclusively} action.
     */
    public CommitSequence commitSequence() {
        return commitSequence;
    }
}
