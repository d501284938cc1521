package io.latzero.persistence.event;

/**
 * A server configuration key was removed. Delivered by the change feed only.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record ServerConfigRemoved(String key, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public ServerConfigRemoved(String key) {
        this(key, 0);
    }
}
