package io.latzero.persistence.internal.json;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Map;

/** Maps a JSON object (as a map) to a TEXT column; SQL NULL reads as an empty map. */
@Converter
public class JsonObjectConverter implements AttributeConverter<Map<String, Object>, String> {
    @Override
    public String convertToDatabaseColumn(Map<String, Object> value) {
        return value == null ? null : Json.writeChecked("object", value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> convertToEntityAttribute(String json) {
        Object value = Json.read("JSON object", json);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
