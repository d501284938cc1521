package io.latzero.persistence.pool.internal;

import io.latzero.persistence.event.PoolCreated;
import io.latzero.persistence.event.PoolRemoved;
import io.latzero.persistence.event.PoolUpdated;
import io.latzero.persistence.event.internal.EventCollector;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/** Turns flushed changes of {@link PoolEntity} into events, held until the transaction commits. */
public class PoolEntityListener {
    @PostPersist
    void created(PoolEntity pool) {
        EventCollector.collect(new PoolCreated(pool.name(), pool.toPool()));
    }

    @PostUpdate
    void updated(PoolEntity pool) {
        EventCollector.collect(new PoolUpdated(pool.name(), pool.toPool(), pool.appliedUpdate()));
    }

    @PostRemove
    void removed(PoolEntity pool) {
        EventCollector.collect(new PoolRemoved(pool.name()));
    }
}
