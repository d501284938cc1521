package io.latzero.persistence.reliability;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Seeded generator of hostile inputs for {@link HostileInputIT}: text, JSON-like values, string lists, longs and
 * durations. The same seed gives the same sequence, so a failing run can be replayed.
 */
final class HostileInputs {
    private static final String ORDINARY = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ ";
    private static final String ALPHA = ORDINARY.substring(0, 52);
    /** Beyond C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F): lone surrogate halves and other odd characters. */
    private static final String CONTROL_EXTRAS = "\u007F\u0080\u0085\u009F\uD800\uDC00\uFFFF\u202E\u2028\uFEFF";
    private static final List<String> NASTY = List.of("", " ", "\t", "..", "../x", "/etc/passwd", "file:x.db?mode=memory",
            "x\u0000y", "'; drop table app_registry;--", "\" or 1=1 --", "\uD800", "\uDC00x", "a\u202Eb", "%00", "\\",
            "null", "NaN", "\u0130\u0131", "x".repeat(256), "x".repeat(257), "\uFEFF", "app\r\nInjected: 1");
    private static final long[] EDGE_LONGS = {0, 1, -1, 2, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1};
    private static final int MAX_NESTING = 3;

    private final SplittableRandom random;

    HostileInputs(SplittableRandom random) {
        this.random = random;
    }

    /**
     * Ordinary ids, arbitrary UTF-16 (lone surrogates included), text with C0, DEL, C1 and other odd characters,
     * 250–300 chars, known-nasty strings.
     */
    String text() {
        int pick = random.nextInt(11);
        if (pick < 5) {
            return chars(ORDINARY, 1, 40);
        } else if (pick < 7) {
            return unicode(random.nextInt(41));
        } else if (pick < 8) {
            return control(random.nextInt(9));
        } else if (pick < 9) {
            return chars(ALPHA, 250, 300);
        }
        return NASTY.get(random.nextInt(NASTY.size()));
    }

    /**
     * Maps of hostile keys to nested maps, lists and leaves (leaves at every depth include non-finite numbers and
     * unserialisable objects); one in 21 is a 2,000-deep, 1 MiB or cyclic map.
     */
    Map<String, Object> json() {
        if (random.nextInt(21) == 0) {
            return special(random.nextInt(3));
        }
        Map<String, Object> map = new HashMap<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            map.put(text(), value(1));
        }
        return map;
    }

    /** Any JSON-like value: mostly a {@link #json()} map, else a list or a leaf (a lone NaN, say). */
    Object jsonValue() {
        int pick = random.nextInt(4);
        return pick < 2 ? json() : value(pick == 2 ? 0 : MAX_NESTING);
    }

    /**
     * A ttl: any millisecond count, a sub-millisecond or extreme duration ({@code ChronoUnit.FOREVER}, the largest
     * and smallest {@code Duration}), one an hour either side of the longest that fits in epoch milliseconds, or null.
     */
    Duration ttl() {
        long untilLongMax = Long.MAX_VALUE - Instant.now().toEpochMilli();
        return switch (random.nextInt(8)) {
            case 0 -> ChronoUnit.FOREVER.getDuration();
            case 1 -> new Duration[] {Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofSeconds(Long.MIN_VALUE),
                    Duration.ofMillis(Long.MAX_VALUE), Duration.ofMillis(Long.MIN_VALUE), null}[random.nextInt(5)];
            case 2 -> Duration.ofNanos(random.nextLong(-1_000_000, 2_000_000));
            case 3 -> Duration.ofMillis(untilLongMax + (random.nextBoolean() ? 3_600_000 : -3_600_000));
            default -> Duration.ofMillis(anyLong());
        };
    }

    /** A list of up to 4 hostile strings, a list holding {@code null}, or {@code null}. */
    List<String> list() {
        return switch (random.nextInt(3)) {
            case 0 -> {
                List<String> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(text());
                }
                yield list;
            }
            case 1 -> new ArrayList<>(Arrays.asList("ok", null));
            default -> null;
        };
    }

    /** Edge values (0, ±1, int and long limits) one time in four, else small or full-range longs. */
    long anyLong() {
        int pick = random.nextInt(4);
        if (pick == 0) {
            return EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
        }
        return pick == 1 ? random.nextLong(-10_000, 10_001) : random.nextLong();
    }

    private Object value(int depth) {
        int pick = depth >= MAX_NESTING ? 0 : random.nextInt(3);
        if (pick == 0) {
            return leaf();
        }
        if (pick == 1) {
            Map<String, Object> map = new HashMap<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                map.put(text(), value(depth + 1));
            }
            return map;
        }
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            list.add(value(depth + 1));
        }
        return list;
    }

    private Object leaf() {
        int pick = random.nextInt(10);
        if (pick < 4) {
            return text();
        } else if (pick < 6) {
            return random.nextInt(4) == 0 ? (int) anyLong() : random.nextInt();
        } else if (pick < 8) {
            return anyDouble();
        } else if (pick < 9) {
            Object[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN,
                    Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.1f, new BigDecimal("1e400"),
                    new BigDecimal("-1e309"), new BigDecimal("2.50"), Long.MIN_VALUE, true, false, new Object(),
                    Optional.empty(), Optional.of(1), Thread.State.NEW, new StringBuilder("sb")};
            return odd[random.nextInt(odd.length)];
        }
        return null;
    }

    private double anyDouble() {
        return switch (random.nextInt(5)) {
            case 0 -> new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-320}[random.nextInt(6)];
            case 1 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern, NaN payloads included
            default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-10, 20));
        };
    }

    private static Map<String, Object> special(int kind) {
        Map<String, Object> map = new HashMap<>();
        switch (kind) {
            case 0 -> {
                Map<String, Object> inner = map;
                for (int i = 0; i < 2_000; i++) {
                    Map<String, Object> next = new HashMap<>();
                    inner.put("d", next);
                    inner = next;
                }
            }
            case 1 -> map.put("big", "x".repeat((1 << 20) + 10));
            default -> map.put("self", map);
        }
        return map;
    }

    private String chars(String alphabet, int minLength, int maxLength) {
        char[] chars = new char[random.nextInt(minLength, maxLength + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars);
    }

    private String unicode(int codePoints) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            // Half any UTF-16 unit (so unpaired surrogates and noncharacters), half any code point (emoji, CJK ext.).
            if (random.nextBoolean()) {
                text.append((char) random.nextInt(0x10000));
            } else {
                text.appendCodePoint(random.nextInt(Character.MAX_CODE_POINT + 1));
            }
        }
        return text.toString();
    }

    private String control(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(64 + CONTROL_EXTRAS.length());
            if (pick < 32) {
                text.append((char) pick);
            } else if (pick < 64) {
                text.append(ORDINARY.charAt(random.nextInt(ORDINARY.length())));
            } else {
                text.append(CONTROL_EXTRAS.charAt(pick - 64));
            }
        }
        return text.toString();
    }
}
