package io.latzero.persistence.pool;

import io.latzero.persistence.InvalidInputException;
import java.util.Locale;

/** Kind of pool; stored as {@code 'local'}, {@code 'global'} or {@code 'encrypted'}. */
public enum PoolType {
    LOCAL, GLOBAL, ENCRYPTED;

    /** The stored form, e.g. {@code "local"}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored or user-given form, case-insensitively; anything else is an {@link InvalidInputException}. */
    public static PoolType of(String value) {
        if (value != null) {
            for (PoolType t : values()) {
                if (t.value().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
        }
        throw new InvalidInputException("type", "unknown pool type '" + value + "', expected local, global or encrypted");
    }
}
