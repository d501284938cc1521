package io.latzero.persistence.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.pool.PoolType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * JSON as the tool prints it: the library's mapper, with map keys sorted, timestamps and durations in ISO-8601, paths as plain
 * file names, and pool and block types in their stored lower-case form.
 */
final class JsonOutput {
    private static final ObjectMapper MAPPER = Json.mapper().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .registerModule(new SimpleModule("latzero-cli")
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addSerializer(Duration.class, ToStringSerializer.instance)
            .addSerializer(Path.class, ToStringSerializer.instance)
            .addSerializer(new StoredForm<>(PoolType.class, PoolType::value))
            .addSerializer(new StoredForm<>(BlockType.class, BlockType::value)));

    private JsonOutput() {
    }

    /** {@code value} as indented JSON. */
    static String pretty(Object value) {
        return write(MAPPER.writerWithDefaultPrettyPrinter(), value);
    }

    /** {@code value} as JSON on one line. */
    static String compact(Object value) {
        return write(MAPPER.writer(), value);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StorageException("Cannot print " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Writes an enum as the string the database stores. */
    private static final class StoredForm<E extends Enum<E>> extends StdSerializer<E> {
        private static final long serialVersionUID = 1L;
        private final transient Function<E, String> form;

        StoredForm(Class<E> type, Function<E, String> form) {
            super(type);
            this.form = form;
        }

        @Override
        public void serialize(E value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(form.apply(value));
        }
    }
}
