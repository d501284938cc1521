package io.latzero.persistence.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.latzero.persistence.InvalidInputException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules a caller's JSON value must meet to read back exactly as given, checked on the value as parsed back
 * from the text that would be stored: every number is finite (JSON has no NaN or infinity, and a decimal beyond
 * ±1.8E308 would read back as infinity), and no string or key holds an unpaired surrogate (stored text is UTF-8,
 * which cannot encode one). Every other string round-trips, control characters included. A refusal names the
 * parameter as the field and the place inside it, e.g. {@code metadata.limits[2]}.
 */
final class StorableJson {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,39}");
    private static final int MAX_SHOWN_SEGMENTS = 10;
    private static final int MAX_SHOWN_KEY = 40;

    private StorableJson() {
    }

    static void check(String field, JsonNode value) {
        check(field, value, new ArrayDeque<>());
    }

    private static void check(String field, JsonNode node, Deque<Object> path) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                int surrogate = Validate.unpairedSurrogate(entry.getKey());
                if (surrogate >= 0) {
                    throw refused(field, path, "has a key with an unpaired surrogate at index " + surrogate
                            + "; stored JSON is UTF-8, which cannot encode one");
                }
                path.addLast(entry.getKey());
                check(field, entry.getValue(), path);
                path.removeLast();
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.addLast(i);
                check(field, node.get(i), path);
                path.removeLast();
            }
        } else if (node.isTextual()) {
            int surrogate = Validate.unpairedSurrogate(node.textValue());
            if (surrogate >= 0) {
                throw refused(field, path, "holds an unpaired surrogate at index " + surrogate
                        + "; stored JSON is UTF-8, which cannot encode one");
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw refused(field, path, "is " + node.doubleValue()
                    + "; a JSON number must be finite and within ±1.8E308");
        }
    }

    private static InvalidInputException refused(String field, Deque<Object> path, String problem) {
        return new InvalidInputException(field, path(field, List.copyOf(path)) + " " + problem);
    }

    /** {@code field} followed by map keys ({@code .key} or {@code ["odd key"]}) and list indices ({@code [2]}). */
    static String path(String field, List<?> segments) {
        StringBuilder text = new StringBuilder(field);
        for (int i = 0; i < segments.size(); i++) {
            if (i == MAX_SHOWN_SEGMENTS) {
                return text.append("[…").append(segments.size() - i).append(" more]").toString();
            }
            Object segment = segments.get(i);
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else if (PLAIN_KEY.matcher(segment.toString()).matches()) {
                text.append('.').append(segment);
            } else {
                text.append("[\"").append(escaped(segment.toString())).append("\"]");
            }
        }
        return text.toString();
    }

    /** A key as a quoted JSON string would show it, ASCII controls, C1 and surrogates escaped, cut at 40 chars. */
    private static String escaped(String key) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < key.length() && i < MAX_SHOWN_KEY; i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                text.append(String.format("\\u%04X", (int) c));
            } else {
                text.append(c);
            }
        }
        return key.length() > MAX_SHOWN_KEY ? text.append('…').toString() : text.toString();
    }
}
