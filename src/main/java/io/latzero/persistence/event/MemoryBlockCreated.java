package io.latzero.persistence.event;

import io.latzero.persistence.block.MemoryBlock;

/** A memory block's metadata was created; {@code block} is its stored state. */
public record MemoryBlockCreated(String blockId, MemoryBlock block) implements PersistenceEvent {
}
