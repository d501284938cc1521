package io.latzero.persistence.event;

import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolUpdate;

/**
 * A pool was updated with {@code update}; {@code pool} is its new state.
 * {@code update} is null where the change feed read it from the log of another writer.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record PoolUpdated(String name, Pool pool, PoolUpdate update, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public PoolUpdated(String name, Pool pool, PoolUpdate update) {
        this(name, pool, update, 0);
    }
}
