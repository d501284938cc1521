package io.latzero.persistence.app.internal;

import io.latzero.persistence.app.App;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Equal copies of apps that take less memory, for {@link CommittedAppCache}: short strings (pool and trigger names,
 * protocol versions, metadata keys and short values), trigger and pool lists and metadata key sets that recur across
 * apps are shared, metadata is held in two arrays instead of a linked hash map, and a last-seen time equal to the
 * registration time is the same {@code Instant}. An app of the benchmarks' shape (2 pools, 3 triggers, 3 metadata
 * entries) takes ~250 bytes instead of ~840. Everything shared is immutable. The canonical values are kept in a
 * fixed table by hash, the last one seen in each slot: a value seen once costs one lookup and a store, with no
 * eviction bookkeeping (values that collide are just not shared).
 */
final class CompactApps {
    /** Longest string shared. */
    private static final int MAX_SHARED_CHARS = 64;
    /** Most elements of a list, or entries of a map, made compact; larger ones are kept as they are. */
    private static final int MAX_COMPACT_SIZE = 16;

    /** Slots of the table of canonical values (a power of two). */
    private static final int SLOTS = 1 << 14;

    /** Canonical strings, lists of strings and key arrays ({@link KeySet} to array), by hash of the key. */
    private final AtomicReferenceArray<Object[]> canonical = new AtomicReferenceArray<>(SLOTS);

    /** An app equal to {@code app}, sharing what it can with apps made compact before. */
    App compact(App app) {
        return compact(app, null);
    }

    /**
     * As {@link #compact(App)} for a new state of {@code previous} (a compact app, or null): its lists and metadata
     * keys are reused where they are equal, without looking them up.
     */
    App compact(App app, App previous) {
        Map<String, Object> meta = app.meta();
        return new App(app.appId(), list(app.pools(), previous == null ? null : previous.pools()),
                list(app.triggers(), previous == null ? null : previous.triggers()),
                previous != null && previous.meta() instanceof ArrayMap before ? map(meta, before) : map(meta),
                string(app.protocolVersion()), app.registered(),
                app.lastSeen() != null && app.lastSeen().equals(app.registered()) ? app.registered() : app.lastSeen(),
                app.rehydrated());
    }

    /** {@code before} if it equals {@code list}, else {@code list} made compact. */
    private List<String> list(List<String> list, List<String> before) {
        return list.equals(before) ? before : list(list);
    }

    /** {@code map} made compact, sharing the keys of {@code before} if it has the same in the same order. */
    private Map<String, Object> map(Map<String, Object> map, ArrayMap before) {
        if (map.size() != before.size()) {
            return map(map);
        }
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!before.keys[i].equals(e.getKey())) {
                return map(map);
            }
            values[i] = e.getValue() instanceof String s ? string(s) : e.getValue();
            i++;
        }
        return new ArrayMap(before.keys, values);
    }

    /** The value kept for {@code key}, else {@code value}, now kept for it. */
    private Object shared(Object key, Object value) {
        int h = key.hashCode() * 0x9E3779B9;
        int slot = h >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS));
        Object[] entry = canonical.get(slot);
        if (entry != null && entry[0].equals(key)) {
            return entry[1];
        }
        canonical.set(slot, new Object[] {key, value});
        return value;
    }

    @SuppressWarnings("unchecked")
    private <T> T shared(T value) {
        return (T) shared(value, value);
    }

    private String string(String s) {
        return s == null || s.length() > MAX_SHARED_CHARS ? s : shared(s);
    }

    /** The list with its strings shared, itself shared if an equal one was seen (the app's lists hold no null). */
    private List<String> list(List<String> list) {
        if (list.isEmpty() || list.size() > MAX_COMPACT_SIZE) {
            return list;
        }
        String[] elements = new String[list.size()];
        for (int i = 0; i < elements.length; i++) {
            String s = list.get(i);
            if (s.length() > MAX_SHARED_CHARS) {
                return list;
            }
            elements[i] = string(s);
        }
        return shared(List.of(elements));
    }

    private Map<String, Object> map(Map<String, Object> map) {
        if (map instanceof ArrayMap || map.size() > MAX_COMPACT_SIZE) {
            return map;
        }
        if (map.isEmpty()) {
            return Map.of();
        }
        String[] keys = new String[map.size()];
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey() == null || e.getKey().length() > MAX_SHARED_CHARS) {
                return map;
            }
            keys[i] = string(e.getKey());
            values[i] = e.getValue() instanceof String s ? string(s) : e.getValue();
            i++;
        }
        return new ArrayMap(sharedKeys(keys), values);
    }

    private String[] sharedKeys(String[] keys) {
        return (String[]) shared(new KeySet(Arrays.asList(keys)), keys);
    }

    /** The key of a shared key array: distinct from a list of the same strings (a pool or trigger list). */
    private record KeySet(List<String> keys) {
    }

    /**
     * An unmodifiable map in insertion order, in two arrays (the keys array shared between maps with the same keys).
     * Lookups scan the keys: it holds at most {@link #MAX_COMPACT_SIZE} entries.
     */
    static final class ArrayMap extends AbstractMap<String, Object> {
        private final String[] keys;
        private final Object[] values;

        ArrayMap(String[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public int size() {
            return keys.length;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return keys.length;
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }
            };
        }
    }
}
