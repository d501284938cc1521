package io.latzero.persistence.event;

/**
 * A memory block's metadata was removed.
 * {@code revision} is the change's place in the store's change feed (0 until known: an event built by a caller).
 */
public record MemoryBlockRemoved(String blockId, long revision) implements PersistenceEvent {
    /** The event without a revision (0), as it was before revisions existed. */
    public MemoryBlockRemoved(String blockId) {
        this(blockId, 0);
    }
}
