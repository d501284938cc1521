/**
 * Memory-block metadata: {@link io.latzero.persistence.block.MemoryBlock}, its type and its update:
 *
 * <pre>{@code
 * persistence.createMemoryBlock("block-1", 4096, BlockType.JSON, Map.of("pool", "data-pool"));
 * persistence.updateMemoryBlock("block-1", MemoryBlockUpdate.builder().name("Buffer").build());
 * }</pre>
 */
package io.latzero.persistence.block;
