package io.latzero.persistence.event;

import io.latzero.persistence.app.App;

/**
 * An app was registered; {@code app} is its stored state.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record AppRegistered(String appId, App app, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public AppRegistered(String appId, App app) {
        this(appId, app, 0);
    }
}
