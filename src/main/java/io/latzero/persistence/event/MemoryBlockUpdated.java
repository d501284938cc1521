package io.latzero.persistence.event;

import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;

/** A memory block was updated with {@code update}; {@code block} is its new state (version incremented). */
public record MemoryBlockUpdated(String blockId, MemoryBlock block, MemoryBlockUpdate update) implements PersistenceEvent {
}
