package io.latzero.persistence.block.internal;

import io.latzero.persistence.StorageException;
import io.latzero.persistence.block.BlockType;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link BlockType} as its lower-case name. */
@Converter
public class BlockTypeConverter implements AttributeConverter<BlockType, String> {
    @Override
    public String convertToDatabaseColumn(BlockType type) {
        return type == null ? null : type.value();
    }

    @Override
    public BlockType convertToEntityAttribute(String value) {
        if (value == null) {
            return BlockType.BINARY;
        }
        try {
            return BlockType.of(value);
        } catch (RuntimeException e) {
            throw new StorageException("memory_blocks.type holds unknown block type '" + value + "'", e);
        }
    }
}
