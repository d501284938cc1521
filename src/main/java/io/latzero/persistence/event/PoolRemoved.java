package io.latzero.persistence.event;

/**
 * A pool was removed.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record PoolRemoved(String name, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public PoolRemoved(String name) {
        this(name, 0);
    }
}
