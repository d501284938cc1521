package io.latzero.persistence.internal.tx;

import io.latzero.persistence.internal.jpa.Database;
import jakarta.persistence.EntityManager;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How the durable unit's transactions begin and become durable; the store decides which one it uses. Every method
 * is called holding the runner's write lock, unless it says otherwise.
 */
public interface CommitStrategy {
    /** Each transaction on a connection of its own, durable at its COMMIT. */
    Factory PLAIN = (writeLock, sequence) -> new PlainCommit();

    /** Makes a runner's strategy over its write lock and commit sequence. */
    @FunctionalInterface
    interface Factory {
        CommitStrategy create(ReentrantLock writeLock, CommitSequence sequence);
    }

    /** Begins (or joins) a durable transaction on {@code db}. */
    Transaction begin(Database db);

    /** Commits whatever is pending, before work that must see no open transaction. */
    void flush();

    /** One durable transaction, from its begin to the moment it is durable or has failed. */
    interface Transaction {
        /** Its entity manager, the transaction begun. */
        EntityManager entityManager();

        /**
         * After the entity manager's commit: makes the work durable and runs {@code afterCommit} once it is, still
         * under the write lock and in commit order. A strategy that waits for others may call
         * {@code releaseWriteLock} first; {@code commitNow} says not to wait for them.
         *
         * @throws io.latzero.persistence.StorageException if making it durable failed
         */
        void makeDurable(Runnable afterCommit, boolean commitNow, Runnable releaseWriteLock);

        /** Ends a transaction that failed before it was made durable, so that others sharing its commit go on. */
        void endOnFailure();
    }
}
