package io.latzero.persistence.event;

/** A memory block's metadata was removed. */
public record MemoryBlockRemoved(String blockId) implements PersistenceEvent {
}
