package io.latzero.persistence.event;

import io.latzero.persistence.app.App;

/** An app was registered; {@code app} is its stored state. */
public record AppRegistered(String appId, App app) implements PersistenceEvent {
}
