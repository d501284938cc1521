package io.latzero.persistence.transfer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.internal.json.Validate;
import io.latzero.persistence.pool.PoolType;
import java.util.List;
import java.util.Map;

/**
 * Version 1 of the portable export: the specification's durable tables and columns, each value as stored (TEXT as a
 * JSON string, INTEGER as a JSON number, NULL as null), so a round trip between backends is exact. Derived tables
 * ({@code app_pool_members}), row versions and the in-memory trigger records are not exported.
 */
final class ExportFormat {
    static final String FORMAT = "latzero-persistence-export";
    static final int FORMAT_VERSION = 1;

    /** How a column is stored and what an imported value must look like. */
    enum Kind {
        ID(true), OPTIONAL_ID(true), TEXT(true), JSON_IDS(true), JSON_OBJECT(true), JSON(true), POOL_TYPE(true),
        BLOCK_TYPE(true), INTEGER(false), NON_NEGATIVE(false), FLAG(false);

        final boolean text;

        Kind(boolean text) {
            this.text = text;
        }
    }

    record Column(String name, Kind kind) {
    }

    /** A table; its first column is the primary key. */
    record Table(String name, List<Column> columns) {
        String selectAll() {
            return "SELECT " + String.join(", ", names()) + " FROM " + name + " ORDER BY " + columns.get(0).name();
        }

        String insert() {
            return "INSERT INTO " + name + " (" + String.join(", ", names()) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        }

        private List<String> names() {
            return columns.stream().map(Column::name).toList();
        }
    }

    static final List<Table> TABLES = List.of(
            new Table("app_registry", List.of(col("app_id", Kind.ID), col("pools", Kind.JSON_IDS),
                    col("triggers", Kind.JSON_IDS), col("meta", Kind.JSON_OBJECT), col("protocol_version", Kind.TEXT),
                    col("registered", Kind.INTEGER), col("last_seen", Kind.INTEGER), col("rehydrated", Kind.FLAG))),
            new Table("pool_metadata", List.of(col("name", Kind.ID), col("type", Kind.POOL_TYPE),
                    col("encrypted", Kind.FLAG), col("owners", Kind.JSON_IDS), col("policies", Kind.JSON_OBJECT),
                    col("description", Kind.TEXT), col("created", Kind.INTEGER), col("updated", Kind.INTEGER),
                    col("config", Kind.JSON_OBJECT))),
            new Table("memory_blocks", List.of(col("block_id", Kind.ID), col("name", Kind.TEXT),
                    col("pool", Kind.OPTIONAL_ID), col("size", Kind.NON_NEGATIVE), col("type", Kind.BLOCK_TYPE),
                    col("permissions", Kind.JSON_OBJECT), col("version", Kind.NON_NEGATIVE),
                    col("created", Kind.INTEGER), col("updated", Kind.INTEGER), col("persistent", Kind.FLAG),
                    col("encrypted", Kind.FLAG), col("config", Kind.JSON_OBJECT))),
            new Table("server_config", List.of(col("key", Kind.ID), col("value", Kind.JSON),
                    col("updated", Kind.INTEGER))));

    private ExportFormat() {
    }

    private static Column col(String name, Kind kind) {
        return new Column(name, kind);
    }

    static Table table(String name) {
        for (Table t : TABLES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Checks one value read from a file.
     *
     * @throws InvalidInputException naming {@code where} (line, table and column) and the problem
     */
    static void validate(String where, Column column, JsonNode value) {
        if (value == null || value.isNull()) {
            if (column.kind() == Kind.ID) {
                throw new InvalidInputException(where, "the primary key must not be null");
            }
            return;
        }
        if (column.kind().text) {
            if (!value.isTextual()) {
                throw new InvalidInputException(where, "must be a string or null, was " + value.getNodeType());
            }
            check(where, () -> validateText(where, column.kind(), value.textValue()));
            return;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidInputException(where, "must be a whole number or null, was " + value);
        }
        long n = value.longValue();
        if (column.kind() == Kind.NON_NEGATIVE && n < 0 || column.kind() == Kind.FLAG && n != 0 && n != 1) {
            throw new InvalidInputException(where, (column.kind() == Kind.FLAG ? "must be 0 or 1" : "must not be negative")
                    + ", was " + n);
        }
    }

    private static void validateText(String where, Kind kind, String text) {
        switch (kind) {
            case ID -> Validate.id(where, text);
            case OPTIONAL_ID -> Validate.optionalId(where, text);
            case TEXT -> Validate.text(where, text);
            case JSON -> Json.readStorable(where, text);
            case JSON_OBJECT -> {
                if (!(Json.readStorable(where, text) instanceof Map<?, ?>)) {
                    throw new InvalidInputException(where, "must hold a JSON object");
                }
            }
            case JSON_IDS -> {
                if (!(Json.readStorable(where, text) instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof String))) {
                    throw new InvalidInputException(where, "must hold a JSON array of strings");
                }
            }
            case POOL_TYPE -> PoolType.of(text);
            case BLOCK_TYPE -> BlockType.of(text);
            default -> throw new IllegalStateException("not a text column kind: " + kind);
        }
    }

    private static void check(String where, Runnable validation) {
        try {
            validation.run();
        } catch (InvalidInputException e) {
            throw where.equals(e.field()) ? e : new InvalidInputException(where, e.getMessage());
        } catch (LatZeroPersistenceException | IllegalArgumentException e) {
            throw new InvalidInputException(where, e.getMessage());
        }
    }
}
