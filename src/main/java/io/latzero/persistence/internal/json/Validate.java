package io.latzero.persistence.internal.json;

import io.latzero.persistence.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Argument checks shared by every entity; each failure is an {@link InvalidInputException} naming the field. */
public final class Validate {
    /** Longest id or name accepted. */
    public static final int MAX_ID_LENGTH = 256;

    private Validate() {
    }

    /** A non-blank identifier of at most 256 characters with no control characters (not even tab or newline). */
    public static String id(String field, String value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        if (value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException(field, "is " + value.length() + " characters, more than " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw controlCharacter(field, value.charAt(i));
            }
        }
        text(field, value);
        return value;
    }

    /** An optional identifier: null passes, anything else must be a valid {@link #id}. */
    public static String optionalId(String field, String value) {
        return value == null ? null : id(field, value);
    }

    /** A free text without control characters (other than tab and newline) or unpaired surrogates. */
    public static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw controlCharacter(field, c);
            }
        }
        int surrogate = unpairedSurrogate(value);
        if (surrogate >= 0) {
            throw new InvalidInputException(field, "contains an unpaired surrogate at index " + surrogate);
        }
        if (value.length() > Json.MAX_JSON_CHARS) {
            throw new InvalidInputException(field, "is longer than 1 MiB");
        }
        return value;
    }

    /** The index of the first surrogate without its other half in {@code value}, or -1 if there is none. */
    public static int unpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidInputException controlCharacter(String field, char c) {
        return new InvalidInputException(field, "contains control character U+" + String.format("%04X", (int) c));
    }

    /** A list of valid ids with no null element; null means empty. Returns an unmodifiable copy. */
    public static List<String> ids(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            copy.add(id(field + "[" + i + "]", values.get(i)));
        }
        return Collections.unmodifiableList(copy);
    }

    /**
     * A JSON object given as a map, refused as {@link Json#write} refuses a value, or for a null key. Returns the
     * value as it will read back from storage (a deep, unmodifiable copy); null means empty.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> jsonObject(String field, Map<String, ?> value) {
        if (value == null) {
            return Map.of();
        }
        if (value.keySet().stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException(field, "has a null key");
        }
        return (Map<String, Object>) Json.normalise(field, value);
    }

    public static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidInputException(field, "must not be negative, was " + value);
        }
        return value;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        return value;
    }

    /** A copy of a map without the given keys, keeping order. */
    public static Map<String, Object> without(Map<String, ?> map, String... keys) {
        Map<String, Object> rest = new LinkedHashMap<>();
        if (map != null) {
            rest.putAll(map);
            for (String k : keys) {
                rest.remove(k);
            }
        }
        return rest;
    }
}
