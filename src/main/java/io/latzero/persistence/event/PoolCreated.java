package io.latzero.persistence.event;

import io.latzero.persistence.pool.Pool;

/** A pool was created; {@code pool} is its stored state. */
public record PoolCreated(String name, Pool pool) implements PersistenceEvent {
}
