package io.latzero.persistence.block.internal;

import io.latzero.persistence.event.MemoryBlockCreated;
import io.latzero.persistence.event.MemoryBlockRemoved;
import io.latzero.persistence.event.MemoryBlockUpdated;
import io.latzero.persistence.event.internal.EventCollector;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/** Turns flushed changes of {@link MemoryBlockEntity} into events, held until the transaction commits. */
public class MemoryBlockEntityListener {
    @PostPersist
    void created(MemoryBlockEntity block) {
        EventCollector.collect(new MemoryBlockCreated(block.blockId(), block.toMemoryBlock()));
    }

    @PostUpdate
    void updated(MemoryBlockEntity block) {
        EventCollector.collect(new MemoryBlockUpdated(block.blockId(), block.toMemoryBlock(), block.appliedUpdate()));
    }

    @PostRemove
    void removed(MemoryBlockEntity block) {
        EventCollector.collect(new MemoryBlockRemoved(block.blockId()));
    }
}
