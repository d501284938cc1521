package io.latzero.persistence.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one JSON mechanism of the library: a shared mapper, size limits, and immutable decoded values. */
public final class Json {
    /** Largest JSON text accepted for one attribute (1 MiB). */
    public static final int MAX_JSON_CHARS = 1 << 20;
    private static final int MAX_NESTING = 64;
    /** Longest JSON text whose decoded value is shared; longer ones are rarely repeated. */
    private static final int MAX_SHARED_CHARS = 256;
    /** Recently decoded short texts (a few MiB at most). */
    private static final Cache<String, Object> RECENT = Caffeine.newBuilder().maximumSize(8_192).build();

    /** Refuses objects it has no serialiser for (FAIL_ON_EMPTY_BEANS, on by default) instead of writing {@code {}}. */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING).maxStringLength(MAX_JSON_CHARS).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Writes NaN and infinities as bare tokens rather than as strings, so that the check below can tell them apart. */
    private static final ObjectWriter CALLER_VALUES = MAPPER.writer().without(JsonWriteFeature.WRITE_NAN_AS_STRINGS);
    /** Parses what {@link #CALLER_VALUES} wrote, bare non-finite tokens included, for {@link StorableJson} to refuse. */
    private static final ObjectReader CALLER_VALUES_BACK = MAPPER.reader().with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

    /** What {@link #plainCopy} returns for a value it leaves to the full check. */
    private static final Object NOT_PLAIN = new Object();

    /** A JSON text with a value of every kind the columns hold, for {@link #warmUpReading()}. */
    private static final String EVERY_KIND = "{\"object\":{\"text\":\"a\",\"int\":1,\"long\":10000000000,"
            + "\"decimal\":1.5,\"true\":true,\"null\":null},\"array\":[\"b\",2,false]}";

    private Json() {
    }

    /**
     * Decodes a JSON text of every kind of value as {@link #read} does, so that the first read of a JSON column does
     * not load Jackson's mapper and deserialisers: for a thread that would otherwise wait. Touches no cache.
     */
    public static void warmUpReading() {
        try {
            sealed(MAPPER.readValue(EVERY_KIND, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Serialises a caller's value, refusing it as an {@link InvalidInputException} naming {@code field} when it is
     * not JSON-serialisable (no serialiser, a cycle), nested deeper than 64 levels, longer than 1 MiB, or would not
     * read back exactly: see {@link StorableJson}.
     */
    public static String write(String field, Object value) {
        return encode(field, value).json();
    }

    /**
     * A caller's value as it will read back from storage (immutable maps, lists and JSON scalars), refused as
     * {@link #write} refuses it.
     */
    public static Object normalise(String field, Object value) {
        Object plain = plainCopy(value, 0);
        if (plain != NOT_PLAIN) {
            return TextedJson.of(plain, text(field, value));
        }
        Encoded encoded = encode(field, value);
        return TextedJson.of(fromTree(encoded.tree()), encoded.json());
    }

    /**
     * {@code value} as its text reads back ({@link #fromTree}), built from the value itself when it is made only of
     * kinds whose text reads back in a known form: string-keyed maps and lists nested less than 64 deep, strings and
     * keys without unpaired surrogates, booleans, nulls, ints, longs (one in int range reads back as an Integer) and
     * finite doubles, in the JDK's own collections or the library's decoded values. Anything else is {@link #NOT_PLAIN}:
     * {@link #encode} parses its text back and checks that.
     */
    private static Object plainCopy(Object value, int depth) {
        if (value == null || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof String text) {
            return Validate.unpairedSurrogate(text) < 0 ? text : NOT_PLAIN;
        }
        if (value instanceof Long number) {
            return number == number.intValue() ? (Object) number.intValue() : number;
        }
        if (value instanceof Double number) {
            return Double.isFinite(number) ? number : NOT_PLAIN;
        }
        if (depth + 1 >= MAX_NESTING || !(value.getClass().getModule() == Object.class.getModule()
                || TextedJson.textOf(value) != null)) {
            // Deeper than the reader allows, or a collection class Jackson annotations could change the text of.
            return NOT_PLAIN;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key) || Validate.unpairedSurrogate(key) >= 0) {
                    return NOT_PLAIN;
                }
                Object element = plainCopy(entry.getValue(), depth + 1);
                if (element == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                copy.put(key, element);
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                Object element = plainCopy(item, depth + 1);
                if (element == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                copy.add(element);
            }
            return Collections.unmodifiableList(copy);
        }
        return NOT_PLAIN;
    }

    /**
     * The value {@code node} binds to as {@link Object} (maps, lists, strings, the number's own type: Integer, Long,
     * BigInteger or Double, booleans, null), unmodifiable, built in one pass.
     */
    private static Object fromTree(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    map.put(entry.getKey(), fromTree(entry.getValue()));
                }
                return Collections.unmodifiableMap(map);
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(fromTree(element));
                }
                return Collections.unmodifiableList(list);
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
            case MISSING:
                return null;
            default:
                throw new IllegalArgumentException("not a JSON value parsed from text: " + node.getNodeType());
        }
    }

    /**
     * Checks JSON text that is to be stored as it is (an import): refused as an {@link InvalidInputException} naming
     * {@code field} when it is malformed, longer than 1 MiB, or would not read back exactly ({@link StorableJson}).
     * Returns the value it decodes to.
     */
    public static Object readStorable(String field, String json) {
        if (json.length() > MAX_JSON_CHARS) {
            throw new InvalidInputException(field, "is " + json.length() + " characters of JSON, more than the 1 MiB limit");
        }
        int surrogate = Validate.unpairedSurrogate(json);
        if (surrogate >= 0) {
            throw new InvalidInputException(field, "contains an unpaired surrogate at index " + surrogate);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "is not valid JSON: " + e.getOriginalMessage());
        }
        StorableJson.check(field, tree);
        return fromTree(tree);
    }

    private record Encoded(String json, JsonNode tree) {
    }

    /** The text to store and the value it parses back to, checked against {@link StorableJson}. */
    private static Encoded encode(String field, Object value) {
        String json = text(field, value);
        JsonNode tree;
        try {
            tree = CALLER_VALUES_BACK.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "cannot be stored as JSON: " + e.getOriginalMessage());
        }
        StorableJson.check(field, tree);
        return new Encoded(json, tree);
    }

    /** A caller's value serialised, refused when it is not JSON-serialisable or longer than 1 MiB. */
    private static String text(String field, Object value) {
        String json;
        try {
            json = CALLER_VALUES.writeValueAsString(value);
        } catch (JsonMappingException e) {
            throw new InvalidInputException(field, StorableJson.path(field, e.getPath().stream()
                    .map(r -> r.getFieldName() == null ? (Object) r.getIndex() : r.getFieldName()).toList())
                    + " is not JSON-serialisable: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "is not JSON-serialisable: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new InvalidInputException(field, "is not JSON-serialisable: " + e.getMessage());
        }
        if (json.length() > MAX_JSON_CHARS) {
            throw new InvalidInputException(field, "is " + json.length() + " characters of JSON, more than the 1 MiB limit");
        }
        return json;
    }

    /**
     * Serialises a value that already passed {@link #write} (through {@link Validate}) or was read from storage:
     * the converters' path, which need not re-parse what was checked once. A value {@link #normalise} or
     * {@link #read} returned is not serialised again: it remembers its text.
     */
    public static String writeChecked(String field, Object value) {
        String text = TextedJson.textOf(value);
        if (text != null) {
            return text;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "is not JSON-serialisable: " + e.getOriginalMessage());
        }
    }

    /**
     * Decodes stored JSON into immutable maps, lists and scalars; a malformed column is a {@link StorageException}.
     * Short texts seen recently share one decoded value: the values are immutable, and the same pool lists,
     * trigger lists and permission maps recur across many rows.
     */
    public static Object read(String column, String json) {
        if (json == null) {
            return null;
        }
        boolean shareable = json.length() <= MAX_SHARED_CHARS;
        Object value = shareable ? RECENT.getIfPresent(json) : null;
        if (value != null) {
            return value;
        }
        try {
            value = TextedJson.of(sealed(MAPPER.readValue(json, Object.class)), json);
        } catch (JsonProcessingException e) {
            throw new StorageException("column " + column + " holds malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (shareable && value != null) {
            RECENT.put(json, value);
        }
        return value;
    }

    /** Converts a stored JSON value to the caller's type. */
    public static <T> T convert(String column, String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("column " + column + " cannot be read as " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A value the mapper just decoded (its maps and lists referenced nowhere else) made unmodifiable in place. */
    @SuppressWarnings("unchecked")
    private static Object sealed(Object value) {
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).replaceAll((k, v) -> sealed(v));
            return Collections.unmodifiableMap(map);
        }
        if (value instanceof List<?> list) {
            ((List<Object>) list).replaceAll(Json::sealed);
            return Collections.unmodifiableList(list);
        }
        return value;
    }

    /** A deep, unmodifiable copy of a decoded JSON value (maps keep their order). */
    @SuppressWarnings("unchecked")
    public static Object immutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, immutable(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(immutable(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
