package io.latzero.persistence.internal.json;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** Maps a list of strings to a JSON array in a TEXT column; SQL NULL reads as an empty list. */
@Converter
public class JsonListConverter implements AttributeConverter<List<String>, String> {
    @Override
    public String convertToDatabaseColumn(List<String> value) {
        return value == null ? null : Json.writeChecked("list", value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> convertToEntityAttribute(String json) {
        Object value = Json.read("JSON array", json);
        return value == null ? List.of() : (List<String>) value;
    }
}
