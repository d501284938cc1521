package io.latzero.persistence.event;

/** An app registration was removed. */
public record AppRemoved(String appId) implements PersistenceEvent {
}
