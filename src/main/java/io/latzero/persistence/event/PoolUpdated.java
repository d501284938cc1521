package io.latzero.persistence.event;

import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolUpdate;

/** A pool was updated with {@code update}; {@code pool} is its new state. */
public record PoolUpdated(String name, Pool pool, PoolUpdate update) implements PersistenceEvent {
}
