package io.latzero.persistence.event;

import io.latzero.persistence.block.MemoryBlock;

/**
 * A memory block's metadata was created; {@code block} is its stored state.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record MemoryBlockCreated(String blockId, MemoryBlock block, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public MemoryBlockCreated(String blockId, MemoryBlock block) {
        this(blockId, block, 0);
    }
}
