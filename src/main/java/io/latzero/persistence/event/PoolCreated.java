package io.latzero.persistence.event;

import io.latzero.persistence.pool.Pool;

/**
 * A pool was created; {@code pool} is its stored state.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record PoolCreated(String name, Pool pool, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public PoolCreated(String name, Pool pool) {
        this(name, pool, 0);
    }
}
