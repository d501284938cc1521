package io.latzero.persistence.event;

import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;

/**
 * A memory block was updated with {@code update}; {@code block} is its new state (version incremented).
 * {@code update} is null where the change feed read it from the log of another writer.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record MemoryBlockUpdated(String blockId, MemoryBlock block, MemoryBlockUpdate update, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public MemoryBlockUpdated(String blockId, MemoryBlock block, MemoryBlockUpdate update) {
        this(blockId, block, update, 0);
    }
}
