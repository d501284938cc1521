package io.latzero.persistence.block.internal;

import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.internal.jpa.EpochMillis;
import java.util.Map;

/**
 * A {@code memory_blocks} row as its entity's attribute values, converted: what a listing selects ({@link #SELECT}),
 * so its rows become blocks without entity instances or a persistence context, and what a {@link MemoryBlockEntity}
 * holds.
 */
record BlockRow(String blockId, String name, String pool, Long size, BlockType type, Map<String, Object> permissions,
                Long version, Long created, Long updated, Boolean persistent, Boolean encrypted,
                Map<String, Object> config) {
    /** The attributes in this record's order, of the blocks {@code b}; a query appends its where and order by. */
    static final String SELECT = "select b.blockId, b.name, b.pool, b.size, b.type, b.permissions, b.version,"
            + " b.created, b.updated, b.persistent, b.encrypted, b.config from MemoryBlockEntity b";

    MemoryBlock toMemoryBlock() {
        return new MemoryBlock(blockId, name, pool, size == null ? 0 : size, type == null ? BlockType.BINARY : type,
                permissions == null ? Map.of() : permissions, version == null ? 1 : version,
                EpochMillis.toInstant(created), EpochMillis.toInstant(updated), Boolean.TRUE.equals(persistent),
                Boolean.TRUE.equals(encrypted), config == null ? Map.of() : config);
    }
}
