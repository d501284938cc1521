package io.latzero.persistence.change.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.app.App;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.internal.BlockTypeConverter;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.MemoryBlockCreated;
import io.latzero.persistence.event.MemoryBlockRemoved;
import io.latzero.persistence.event.MemoryBlockUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.PoolCreated;
import io.latzero.persistence.event.PoolRemoved;
import io.latzero.persistence.event.PoolUpdated;
import io.latzero.persistence.event.ServerConfigRemoved;
import io.latzero.persistence.event.ServerConfigSaved;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.internal.json.JsonListConverter;
import io.latzero.persistence.internal.json.JsonObjectConverter;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.internal.PoolTypeConverter;
import java.util.List;
import java.util.Map;

/**
 * Turns a log row into the event type that describes it, decoding the row's logged columns with the entities'
 * converters and defaults (so a change reads as {@code getApp} would have read the row). Updates read from the log
 * carry no applied update. A server-config change carries the key's value as it is now (values are not logged), null
 * if the key was removed since: a later revision in the log says so.
 */
final class ChangeDecoder {
    private static final JsonListConverter LIST = new JsonListConverter();
    private static final JsonObjectConverter OBJECT = new JsonObjectConverter();
    private static final PoolTypeConverter POOL_TYPE = new PoolTypeConverter();
    private static final BlockTypeConverter BLOCK_TYPE = new BlockTypeConverter();

    private ChangeDecoder() {
    }

    static PersistenceEvent decode(LogRow row) {
        boolean removed = "delete".equals(row.op());
        boolean created = "insert".equals(row.op());
        long rev = row.revision();
        String key = row.key();
        boolean config = "config".equals(row.entity());
        JsonNode state = removed || config ? null : parse(row);
        return switch (row.entity()) {
            case "app" -> removed ? new AppRemoved(key, rev)
                    : created ? new AppRegistered(key, app(state), rev) : new AppUpdated(key, app(state), null, rev);
            case "pool" -> removed ? new PoolRemoved(key, rev)
                    : created ? new PoolCreated(key, pool(state), rev) : new PoolUpdated(key, pool(state), null, rev);
            case "block" -> removed ? new MemoryBlockRemoved(key, rev)
                    : created ? new MemoryBlockCreated(key, block(state), rev)
                    : new MemoryBlockUpdated(key, block(state), null, rev);
            case "config" -> removed ? new ServerConfigRemoved(key, rev)
                    : new ServerConfigSaved(key, Json.read("server_config.value", row.state()), rev);
            default -> throw new StorageException("latzero_changes revision " + rev + " names an unknown entity '"
                    + row.entity() + "'");
        };
    }

    private static JsonNode parse(LogRow row) {
        try {
            return Json.mapper().readTree(row.state());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StorageException("latzero_changes revision " + row.revision() + " holds a state that is not"
                    + " JSON: " + e.getMessage(), e);
        }
    }

    private static App app(JsonNode s) {
        return new App(text(s, "app_id"), LIST.convertToEntityAttribute(text(s, "pools")),
                LIST.convertToEntityAttribute(text(s, "triggers")), orEmpty(OBJECT.convertToEntityAttribute(text(s, "meta"))),
                text(s, "protocol_version"), EpochMillis.toInstant(number(s, "registered")),
                EpochMillis.toInstant(number(s, "last_seen")), flag(s, "rehydrated"));
    }

    private static Pool pool(JsonNode s) {
        PoolType type = POOL_TYPE.convertToEntityAttribute(text(s, "type"));
        List<String> owners = LIST.convertToEntityAttribute(text(s, "owners"));
        return new Pool(text(s, "name"), type == null ? PoolType.LOCAL : type, flag(s, "encrypted"), owners,
                orEmpty(OBJECT.convertToEntityAttribute(text(s, "policies"))), text(s, "description"),
                EpochMillis.toInstant(number(s, "created")), EpochMillis.toInstant(number(s, "updated")),
                orEmpty(OBJECT.convertToEntityAttribute(text(s, "config"))));
    }

    private static MemoryBlock block(JsonNode s) {
        BlockType type = BLOCK_TYPE.convertToEntityAttribute(text(s, "type"));
        Long size = number(s, "size");
        Long version = number(s, "version");
        return new MemoryBlock(text(s, "block_id"), text(s, "name"), text(s, "pool"), size == null ? 0 : size,
                type == null ? BlockType.BINARY : type, orEmpty(OBJECT.convertToEntityAttribute(text(s, "permissions"))),
                version == null ? 1 : version, EpochMillis.toInstant(number(s, "created")),
                EpochMillis.toInstant(number(s, "updated")), flag(s, "persistent"), flag(s, "encrypted"),
                orEmpty(OBJECT.convertToEntityAttribute(text(s, "config"))));
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }

    private static String text(JsonNode s, String column) {
        JsonNode v = s.get(column);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode s, String column) {
        JsonNode v = s.get(column);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isNumber() ? Long.valueOf(v.asLong()) : Long.valueOf(v.asText().trim());
    }

    private static boolean flag(JsonNode s, String column) {
        Long v = number(s, column);
        return v != null && v != 0;
    }
}
