package io.latzero.persistence.event;

/** A pool was removed. */
public record PoolRemoved(String name) implements PersistenceEvent {
}
