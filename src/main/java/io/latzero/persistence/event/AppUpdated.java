package io.latzero.persistence.event;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;

/**
 * An app was updated with {@code update}; {@code app} is its new state.
 * {@code update} is null where the change feed read it from the log of another writer.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record AppUpdated(String appId, App app, AppUpdate update, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public AppUpdated(String appId, App app, AppUpdate update) {
        this(appId, app, update, 0);
    }
}
