package io.latzero.persistence.event;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;

/** An app was updated with {@code update}; {@code app} is its new state. */
public record AppUpdated(String appId, App app, AppUpdate update) implements PersistenceEvent {
}
