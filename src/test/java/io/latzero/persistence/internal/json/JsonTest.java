package io.latzero.persistence.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.StorageException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoded values are immutable, and equal short texts share one decoded value. */
class JsonTest {
    @Test
    void equal_short_texts_decode_to_one_shared_immutable_value() {
        String text = "{\"read\":[\"*\"],\"write\":[\"owner\"]}";
        Object first = Json.read("permissions", text);
        Object second = Json.read("permissions", new String(text.toCharArray()));

        assertThat(second).isSameAs(first).isEqualTo(Map.of("read", List.of("*"), "write", List.of("owner")));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) second;
        assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> nested = (List<Object>) map.get("read");
        assertThatThrownBy(() -> nested.add("y")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** initialize() only logs a warm-up that fails (it then just does not help), so a broken one must fail here. */
    @Test
    void the_warm_up_succeeds_with_no_database_open() {
        assertThatCode(Json::warmUpReading).doesNotThrowAnyException();
    }

    @Test
    void a_value_read_from_storage_writes_back_as_the_exact_text_it_was_read_from() {
        String stored = "{\"a\": 1.50, \"b\": [1, 2]}";

        Object value = Json.read("meta", stored);

        assertThat(value).isEqualTo(Map.of("a", 1.5, "b", List.of(1, 2)));
        assertThat(Json.writeChecked("meta", value)).isEqualTo(stored);
        assertThat(Json.writeChecked("meta", Map.of("a", 1.5))).isEqualTo("{\"a\":1.5}");
    }

    @Test
    void a_normalised_value_has_the_types_of_its_json_unmodifiable_at_every_level_and_writes_back_as_checked() {
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("int", 7);
        given.put("long", 1L << 40);
        given.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        given.put("double", 2.5f);
        given.put("nested", Map.of("list", List.of(true, "x")));
        given.put("null", null);

        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) Json.normalise("meta", given);

        assertThat(value.get("int")).isEqualTo(7);
        assertThat(value.get("long")).isEqualTo(1L << 40);
        assertThat(value.get("big")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(value.get("double")).isEqualTo(2.5);
        assertThat(value).containsEntry("null", null).containsKeys("int", "long", "big", "double", "nested", "null");
        assertThatThrownBy(() -> value.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) ((Map<String, Object>) value.get("nested")).get("list");
        assertThat(list).containsExactly(true, "x");
        assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Json.writeChecked("meta", value)).isEqualTo(Json.write("meta", given));
    }

    @Test
    void long_texts_are_decoded_afresh_each_time() {
        String text = "[\"" + "x".repeat(300) + "\"]";

        assertThat(Json.read("pools", text)).isNotSameAs(Json.read("pools", text)).isEqualTo(List.of("x".repeat(300)));
    }

    @Test
    void malformed_text_is_a_storage_error_naming_the_column_every_time() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Json.read("meta", "{\"a\":")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("meta");
        }
    }

    @Test
    void a_refusal_names_the_place_inside_the_value_and_why() {
        assertThatThrownBy(() -> Json.write("metadata", Map.of("limits", List.of(1, Double.NaN))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("metadata: metadata.limits[1] is NaN; a JSON number must be finite and within ±1.8E308");
        assertThatThrownBy(() -> Json.write("options", Map.of("big", new BigDecimal("-1e309"))))
                .hasMessage("options: options.big is -Infinity; a JSON number must be finite and within ±1.8E308");
        assertThatThrownBy(() -> Json.write("value", Map.of("odd \"key\"\u007F", Map.of("x", new Object()))))
                .hasMessageStartingWith("value: value[\"odd \\\"key\\\"\\u007F\"].x is not JSON-serialisable: No serializer found");
        assertThatThrownBy(() -> Json.write("value", List.of("ok", "\uDC00")))
                .hasMessage("value: value[1] holds an unpaired surrogate at index 0; stored JSON is UTF-8, which cannot encode one");
    }

    @Test
    void control_characters_are_written_as_json_escapes_or_as_themselves_and_read_back_exactly() {
        String text = "nul\u0000 tab\t del\u007F c1\u0085";
        String json = Json.write("value", Map.of(text, text));

        assertThat(json).doesNotContain("\u0000", "\t");
        assertThat(Json.read("value", json)).isEqualTo(Map.of(text, text));
    }

    /** A value of the JDK's collections and plain scalars is copied, not parsed back: the copy must be the same. */
    @Test
    void a_plain_value_normalises_to_exactly_what_its_stored_text_reads_back_as() {
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("ints", List.of(7, 5L, (long) Integer.MIN_VALUE, Long.MIN_VALUE, 1L << 40));
        given.put("doubles", java.util.Arrays.asList(2.5, -0.0, 1.0, 1e300, Double.MIN_VALUE, 0.1 + 0.2));
        given.put("texts", List.of("", "nul\u0000 tab\t", "\uD83D\uDE00 pair", "ü"));
        given.put("nested", Map.of("read", List.of("*"), "deeper", List.of(Map.of("x", true))));
        given.put("read back", Json.read("meta", "{\"a\": 1.50, \"b\": [1, 2]}"));
        given.put("null", null);

        Object value = Json.normalise("meta", given);

        String text = Json.write("meta", given);
        assertThat(value).isEqualTo(Json.readStorable("meta", text));
        assertThat(Json.writeChecked("meta", value)).isEqualTo(text);
        @SuppressWarnings("unchecked")
        List<Object> ints = (List<Object>) ((Map<String, Object>) value).get("ints");
        assertThat(ints).containsExactly(7, 5, Integer.MIN_VALUE, Long.MIN_VALUE, 1L << 40);
        assertThatThrownBy(() -> ints.add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Kinds the copy does not know are parsed back from their text, and refused or converted as before. */
    @Test
    void a_value_of_other_kinds_normalises_and_is_refused_as_its_text_reads_back() {
        Map<String, Object> annotated = new AsText();

        assertThat(Json.normalise("meta", Map.of("m", annotated))).isEqualTo(Map.of("m", "text"));
        assertThat(Json.normalise("meta", Map.of("f", 1.1f))).isEqualTo(Map.of("f", 1.1));
        assertThatThrownBy(() -> Json.normalise("metadata", Map.of("limits", List.of(1, Double.NaN))))
                .hasMessage("metadata: metadata.limits[1] is NaN; a JSON number must be finite and within ±1.8E308");
        assertThatThrownBy(() -> Json.normalise("value", List.of("ok", "\uDC00")))
                .hasMessage("value: value[1] holds an unpaired surrogate at index 0; stored JSON is UTF-8, which cannot encode one");
        Object deep = 1;
        for (int i = 0; i < 70; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        assertThatThrownBy(() -> Json.normalise("value", tooDeep)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("value: cannot be stored as JSON");
    }

    /** A map whose Jackson text is not its entries. */
    private static final class AsText extends java.util.HashMap<String, Object> {
        AsText() {
            put("ignored", 1);
        }

        @com.fasterxml.jackson.annotation.JsonValue
        String text() {
            return "text";
        }
    }
}
