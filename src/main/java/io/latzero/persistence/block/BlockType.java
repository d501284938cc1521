package io.latzero.persistence.block;

import io.latzero.persistence.InvalidInputException;
import java.util.Locale;

/** Kind of memory block; stored as {@code 'binary'}, {@code 'json'} or {@code 'stream'}. */
public enum BlockType {
    BINARY, JSON, STREAM;

    /** The stored form, e.g. {@code "json"}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored or user-given form, case-insensitively; anything else is an {@link InvalidInputException}. */
    public static BlockType of(String value) {
        if (value != null) {
            for (BlockType t : values()) {
                if (t.value().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
        }
        throw new InvalidInputException("type", "unknown block type '" + value + "', expected binary, json or stream");
    }
}
