package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.tx.CommitSequence;
import io.latzero.persistence.internal.tx.CommitStrategy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Group commit for the durable SQLite unit: concurrent durable transactions share one SQLite transaction, so one
 * fsync makes many of them durable. Each runs alone under the runner's write lock, inside a savepoint of the open
 * batch, so one that fails rolls back to its savepoint and leaves the others intact; the first of a batch needs no
 * savepoint, since if it fails it rolls back the SQLite transaction and the batch ends empty. When one ends, the batch is
 * committed at once unless another writer is already queued for the lock (it carries the batch on) and the batch
 * is not full; every caller returns only after the COMMIT that made its work durable ({@link #awaitDurable}).
 * If that COMMIT fails, every transaction of the batch fails and none of its effects or events remain.
 */
final class GroupCommit implements CommitStrategy {
    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
    /** Most transactions sharing one commit: bounds how long the first of them waits for its acknowledgement. */
    static final int MAX_BATCH = 64;

    private final ReentrantLock writeLock;
    private final CommitSequence sequence;
    private final Object monitor = new Object();
    private Batch open;

    GroupCommit(ReentrantLock writeLock, CommitSequence sequence) {
        this.writeLock = writeLock;
        this.sequence = sequence;
    }

    /** Transactions sharing one SQLite transaction, and what to run once it commits. */
    private static final class Batch {
        private final Database database;
        private final Connection connection;
        private final List<Runnable> afterCommit = new ArrayList<>();
        private int transactions;
        private volatile boolean broken;
        /** Its first transaction rolled back the SQLite transaction: nothing to commit, nothing may join. */
        private boolean rolledBack;
        private boolean finished;
        private RuntimeException failure;

        private Batch(Database database, Connection connection) {
            this.database = database;
            this.connection = connection;
        }
    }

    /**
     * Joins the open batch (beginning one on {@code db} if none is open): the transaction's Hibernate transaction is
     * a savepoint in it.
     */
    @Override
    public Transaction begin(Database db) {
        requireLock();
        if (open == null) {
            open = beginBatch(db);
        }
        Batch batch = open;
        boolean first = batch.transactions++ == 0;
        Session session = db.emf().unwrap(SessionFactory.class).withOptions()
                .connection(SavepointConnection.wrap(batch.connection, first, () -> batch.broken = true,
                        () -> batch.rolledBack = true))
                .openSession();
        try {
            session.getTransaction().begin();
            return new Member(batch, session);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** One transaction of a batch; it leaves the batch once, made durable or failed. */
    private final class Member implements Transaction {
        private final Batch batch;
        private final EntityManager em;
        private boolean left;

        private Member(Batch batch, EntityManager em) {
            this.batch = batch;
            this.em = em;
        }

        @Override
        public EntityManager entityManager() {
            return em;
        }

        /** Leaves the batch, lets go of the write lock and waits for the shared COMMIT. */
        @Override
        public void makeDurable(Runnable afterCommit, boolean commitNow, Runnable releaseWriteLock) {
            left = true;
            leave(batch, commitNow, afterCommit);
            releaseWriteLock.run();
            awaitDurable(batch);
        }

        @Override
        public void endOnFailure() {
            if (!left) {
                left = true;
                leave(batch, false, null);
            }
        }
    }

    private static Batch beginBatch(Database db) {
        try {
            Connection connection = db.dataSource().getConnection();
            try (PreparedStatement s = connection.prepareStatement("BEGIN IMMEDIATE")) {
                s.execute();
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new Batch(db, connection);
        } catch (SQLException e) {
            // Translated by the runner with the caller's action: SQLITE_BUSY (another process holds the lock past
            // busy_timeout) becomes a ConflictException.
            throw new PersistenceException("Cannot begin a transaction on " + db.location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends one transaction of {@code batch} (its savepoint already released or rolled back): {@code afterCommit}
     * (may be null) runs once the batch commits, still under the write lock, in commit order. The batch commits
     * now if {@code commitNow}, if it is full or broken, or if no other writer waits for the lock. Call holding
     * the write lock, once per {@link #begin(Database)}.
     */
    private void leave(Batch batch, boolean commitNow, Runnable afterCommit) {
        requireLock();
        if (afterCommit != null) {
            batch.afterCommit.add(afterCommit);
        }
        if (commitNow || batch.broken || batch.rolledBack || batch.transactions >= MAX_BATCH
                || !writeLock.hasQueuedThreads()) {
            commit(batch);
        }
    }

    /** Commits the open batch, if any (before work that must see no open transaction). Call holding the write lock. */
    @Override
    public void flush() {
        requireLock();
        if (open != null) {
            commit(open);
        }
    }

    private void commit(Batch batch) {
        open = null;
        sequence.beginWrite();
        try {
            commitAndRunAfterCommit(batch);
        } finally {
            sequence.endWrite();
        }
    }

    private void commitAndRunAfterCommit(Batch batch) {
        RuntimeException failure = null;
        try {
            if (batch.broken) {
                throw new SQLException("SQLite rolled the shared transaction back after a storage error");
            }
            if (!batch.rolledBack) {
                try (PreparedStatement s = batch.connection.prepareStatement("COMMIT")) {
                    s.execute();
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure = new StorageException("Commit failed: " + e.getMessage()
                    + "; nothing of this transaction (nor of the others committed with it) was stored", e);
            rollbackQuietly(batch.connection);
            // Whatever state SQLite left the connection in, it is not handed to anyone again.
            batch.database.dataSource().evictConnection(batch.connection);
        }
        if (failure == null) {
            for (Runnable action : batch.afterCommit) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "An after-commit action failed", e);
                }
            }
        }
        closeQuietly(batch.connection);
        synchronized (monitor) {
            batch.finished = true;
            batch.failure = failure;
            monitor.notifyAll();
        }
    }

    /**
     * Waits until {@code batch} is committed; call without holding the write lock.
     *
     * @throws StorageException if its COMMIT failed
     */
    private void awaitDurable(Batch batch) {
        boolean interrupted = false;
        synchronized (monitor) {
            while (!batch.finished) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (batch.failure != null) {
            throw new StorageException(batch.failure.getMessage(), batch.failure);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.DEBUG, "ROLLBACK after a failed commit failed (SQLite may have rolled back already)", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "Returning the group-commit connection failed", e);
        }
    }

    private void requireLock() {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("group commit used without the write lock");
        }
    }
}
