package io.latzero.persistence.event;

/**
 * A server configuration value was saved under {@code key}; {@code value} is the stored JSON value
 * (maps, lists, strings, numbers, booleans or null). Delivered by the change feed only.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record ServerConfigSaved(String key, Object value, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public ServerConfigSaved(String key, Object value) {
        this(key, value, 0);
    }
}
