package io.latzero.persistence.internal.json;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Decoded JSON objects and arrays that remember the text they read back from (a value checked for storage, or one
 * read from a column), so the converters store exactly that text without serialising the value again. They are
 * unmodifiable, and equal to any map or list with the same entries or elements.
 */
final class TextedJson {
    private TextedJson() {
    }

    /** {@code value} (an unmodifiable map, list or scalar decoded from {@code json}) remembering {@code json}. */
    @SuppressWarnings("unchecked")
    static Object of(Object value, String json) {
        if (value instanceof Map<?, ?> map) {
            return new ObjectValue((Map<String, Object>) map, json);
        }
        if (value instanceof List<?> list) {
            return new ArrayValue((List<Object>) list, json);
        }
        return value;
    }

    /** The text {@code value} was decoded from, or null if it does not remember one. */
    static String textOf(Object value) {
        if (value instanceof ObjectValue object) {
            return object.json;
        }
        return value instanceof ArrayValue array ? array.json : null;
    }

    private static final class ObjectValue extends AbstractMap<String, Object> {
        private final Map<String, Object> entries;
        private final String json;

        private ObjectValue(Map<String, Object> entries, String json) {
            this.entries = entries;
            this.json = json;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }
    }

    private static final class ArrayValue extends AbstractList<Object> implements RandomAccess {
        private final List<Object> elements;
        private final String json;

        private ArrayValue(List<Object> elements, String json) {
            this.elements = elements;
            this.json = json;
        }

        @Override
        public Object get(int index) {
            return elements.get(index);
        }

        @Override
        public int size() {
            return elements.size();
        }
    }
}
