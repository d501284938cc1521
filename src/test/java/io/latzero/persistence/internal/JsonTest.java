package io.latzero.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.StorageException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoded values are immutable, and equal short texts share one decoded value. */
class JsonTest {
    @Test
    void equalShortTextsDecodeToOneSharedImmutableValue() {
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

    @Test
    void longTextsAreDecodedAfreshEachTime() {
        String text = "[\"" + "x".repeat(300) + "\"]";

        assertThat(Json.read("pools", text)).isNotSameAs(Json.read("pools", text)).isEqualTo(List.of("x".repeat(300)));
    }

    @Test
    void malformedTextIsAStorageErrorNamingTheColumnEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Json.read("meta", "{\"a\":")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("meta");
        }
    }
}
