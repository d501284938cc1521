package io.latzero.persistence.reliability;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a generated JSON value must read back as, or why it must be refused, worked out from the value alone (not
 * from the library's code): the oracle of {@link HostileInputIT}. Strings read back exactly, control characters
 * included; integers as {@code Integer} when they fit, else {@code Long}; finite doubles and floats as the double
 * their decimal text denotes; enums and char sequences as strings.
 *
 * @param value      the value as it must read back, when not refused
 * @param refusal    why it must be refused, or null
 * @param hasControl whether a string or key in it holds a C0, DEL or C1 control character
 */
record ExpectedJson(Object value, Refusal refusal, boolean hasControl) {
    /** The classes of input JSON cannot hold. */
    enum Refusal { NON_FINITE, UNPAIRED_SURROGATE, UNSERIALISABLE, CYCLE_OR_TOO_DEEP, OVER_1_MIB }

    private static final int MAX_NESTING = 64;

    static ExpectedJson of(Object input) {
        Walk walk = new Walk();
        try {
            return new ExpectedJson(walk.expect(input, 1), null, walk.control);
        } catch (Refused r) {
            return new ExpectedJson(null, r.refusal, walk.control);
        }
    }

    boolean refused() {
        return refusal != null;
    }

    private static final class Refused extends RuntimeException {
        final Refusal refusal;

        Refused(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }
    }

    private static final class Walk {
        private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean control;

        Object expect(Object value, int depth) {
            if (value == null || value instanceof Boolean) {
                return value;
            }
            if (value instanceof Enum<?> constant) {
                return string(constant.name());
            }
            if (value instanceof CharSequence text) {
                return string(text.toString());
            }
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).intValue();
            }
            if (value instanceof Long l) {
                return l == l.intValue() ? (Object) l.intValue() : l;
            }
            if (value instanceof Double d) {
                return finite(d);
            }
            if (value instanceof Float f) {
                return Double.parseDouble(Float.toString(finite(f).floatValue()));
            }
            if (value instanceof BigDecimal decimal) {
                String text = decimal.toString();
                finite(decimal.doubleValue());
                return text.matches("-?\\d+") ? expect(Long.parseLong(text), depth) : Double.parseDouble(text);
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                if (depth > MAX_NESTING || !open.add(value)) {
                    throw new Refused(Refusal.CYCLE_OR_TOO_DEEP);
                }
                Object copy = value instanceof Map<?, ?> map ? map(map, depth) : list((List<?>) value, depth);
                open.remove(value);
                return copy;
            }
            throw new Refused(Refusal.UNSERIALISABLE);
        }

        private Map<String, Object> map(Map<?, ?> map, int depth) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new Refused(Refusal.UNSERIALISABLE);
                }
                copy.put(string(key), expect(entry.getValue(), depth + 1));
            }
            return copy;
        }

        private List<Object> list(List<?> list, int depth) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(expect(element, depth + 1));
            }
            return copy;
        }

        private String string(String text) {
            if (text.length() > 1 << 20) {
                throw new Refused(Refusal.OVER_1_MIB);
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                control |= c < 0x20 || (c >= 0x7F && c <= 0x9F);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new Refused(Refusal.UNPAIRED_SURROGATE);
                }
            }
            return text;
        }

        private static Double finite(double d) {
            if (!Double.isFinite(d)) {
                throw new Refused(Refusal.NON_FINITE);
            }
            return d;
        }
    }
}
