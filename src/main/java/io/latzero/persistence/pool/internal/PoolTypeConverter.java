package io.latzero.persistence.pool.internal;

import io.latzero.persistence.StorageException;
import io.latzero.persistence.pool.PoolType;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link PoolType} as its lower-case name. */
@Converter
public class PoolTypeConverter implements AttributeConverter<PoolType, String> {
    @Override
    public String convertToDatabaseColumn(PoolType type) {
        return type == null ? null : type.value();
    }

    @Override
    public PoolType convertToEntityAttribute(String value) {
        if (value == null) {
            return PoolType.LOCAL;
        }
        try {
            return PoolType.of(value);
        } catch (RuntimeException e) {
            throw new StorageException("pool_metadata.type holds unknown pool type '" + value + "'", e);
        }
    }
}
