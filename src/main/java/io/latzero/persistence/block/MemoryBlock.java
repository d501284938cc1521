package io.latzero.persistence.block;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A memory block's metadata, as stored in {@code memory_blocks}. Immutable.
 *
 * @param id          the block's id (primary key {@code block_id})
 * @param name        display name, may be null
 * @param pool        the pool the block belongs to, may be null
 * @param size        size in bytes
 * @param type        binary, json or stream
 * @param permissions access permissions, a JSON object
 * @param version     starts at 1 and grows by one with every update
 * @param created     when the block was created
 * @param updated     when the block was last changed
 * @param persistent  whether the block's contents outlive the server
 * @param encrypted   whether the block's contents are encrypted
 * @param config      every other option given at creation or in updates
 */
public record MemoryBlock(String id, String name, String pool, long size, BlockType type,
                          Map<String, Object> permissions, long version, Instant created, Instant updated,
                          boolean persistent, boolean encrypted, Map<String, Object> config) {
    public MemoryBlock {
        Objects.requireNonNull(id, "id");
        permissions = Objects.requireNonNull(permissions, "permissions");
        config = Objects.requireNonNull(config, "config");
    }
}
