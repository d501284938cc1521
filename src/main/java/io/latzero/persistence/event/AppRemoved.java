package io.latzero.persistence.event;

/**
 * An app registration was removed.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record AppRemoved(String appId, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public AppRemoved(String appId) {
        this(appId, 0);
    }
}
