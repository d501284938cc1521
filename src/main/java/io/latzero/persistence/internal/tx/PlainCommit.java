package io.latzero.persistence.internal.tx;

import io.latzero.persistence.internal.jpa.Database;
import jakarta.persistence.EntityManager;

/** Each durable transaction commits alone: durable when its entity manager's commit returns. */
final class PlainCommit implements CommitStrategy {
    @Override
    public Transaction begin(Database db) {
        EntityManager em = EntityTransactions.begin(db);
        return new Transaction() {
            @Override
            public EntityManager entityManager() {
                return em;
            }

            @Override
            public void makeDurable(Runnable afterCommit, boolean commitNow, Runnable releaseWriteLock) {
                afterCommit.run();
            }

            @Override
            public void endOnFailure() {
            }
        };
    }

    @Override
    public void flush() {
    }
}
