package io.latzero.persistence.transfer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.internal.tx.JdbcTransactions;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import io.latzero.persistence.internal.tx.ErrorClassifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads an export written by {@link NdjsonExporter} into the durable tables in one transaction: every record is
 * validated before it is written, and any problem (a bad line, an unknown table or column, a value of the wrong
 * form, a duplicate key, a missing end line, counts that do not add up) rolls everything back.
 */
public final class NdjsonImporter {
    private static final int BATCH_SIZE = 500;
    private static final int PROGRESS_EVERY = 5000;
    private static final List<String> DELETE_ORDER = List.of("memory_blocks", "pool_metadata", "app_registry", "server_config");

    private final DataSource dataSource;
    private final int newestSchemaVersion;
    private final ErrorClassifier errors;

    /**
     * @param newestSchemaVersion the schema version of this library; exports of a newer schema are refused
     */
    public NdjsonImporter(DataSource dataSource, int newestSchemaVersion, ErrorClassifier errors) {
        this.dataSource = dataSource;
        this.newestSchemaVersion = newestSchemaVersion;
        this.errors = errors;
    }

    /** Reads only the file's header and checks it; the whole file is checked by {@link #verify(Path)} or an import. */
    public Map<String, Long> readHeader(Path source) {
        try (BufferedReader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8);
             MappingIterator<JsonNode> lines = Json.mapper().readerFor(JsonNode.class).readValues(reader)) {
            return header(lines);
        } catch (IOException | RuntimeJsonMappingException e) {
            throw new InvalidInputException("file", source + " is not a LatZero export: " + e.getMessage());
        }
    }

    /**
     * Imports {@code source}. With {@code replace} every durable record is deleted first (in the same transaction);
     * without it the store must be empty.
     *
     * @throws InvalidInputException naming the line, if the file is not a valid export; nothing is written
     * @throws InvalidInputException without {@code replace}, if the store already holds records; nothing is written
     * @throws StorageException      if the database fails; nothing is written
     */
    public TransferSummary importFrom(Path source, boolean replace, TransferProgress progress) {
        try (Connection c = dataSource.getConnection()) {
            return JdbcTransactions.inTransaction(c, () -> {
                if (replace) {
                    deleteAll(c);
                } else {
                    refuseNonEmpty(c);
                }
                try (Writer writer = new Writer(c)) {
                    return read(source, writer, progress);
                }
            });
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                throw new InvalidInputException("file", source + " was refused by the database (" + e.getMessage()
                        + "); nothing was imported");
            }
            throw new StorageException("Import of " + source + " failed; nothing was imported: " + e.getMessage(), e);
        }
    }

    /** Reads and validates the whole file without writing anything (used to verify a backup). */
    public TransferSummary verify(Path source) {
        try {
            return read(source, null, TransferProgress.NONE);
        } catch (SQLException e) {
            throw new IllegalStateException("no database is used while verifying", e);
        }
    }

    private TransferSummary read(Path source, Writer writer, TransferProgress progress) throws SQLException {
        try (BufferedReader reader = Files.newBufferedReader(source, StandardCharsets.UTF_8);
             MappingIterator<JsonNode> lines = Json.mapper().readerFor(JsonNode.class).readValues(reader)) {
            Map<String, Long> expected = header(lines);
            long total = expected.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> seen = new LinkedHashMap<>();
            ExportFormat.TABLES.forEach(t -> seen.put(t.name(), 0L));
            long line = 1;
            long done = 0;
            while (lines.hasNext()) {
                line++;
                JsonNode record = lines.next();
                if (record.has("end")) {
                    end(record, line, done, lines);
                    if (!seen.equals(expected)) {
                        throw new InvalidInputException("line " + line, "the header announced " + expected
                                + " records but the file holds " + seen);
                    }
                    if (writer != null) {
                        writer.flush();
                    }
                    progress.update(done, total);
                    return new TransferSummary(source, seen);
                }
                ExportFormat.Table table = record(record, line);
                if (writer != null) {
                    writer.add(table, record.get("row"));
                }
                seen.merge(table.name(), 1L, Long::sum);
                if (++done % PROGRESS_EVERY == 0) {
                    progress.update(done, total);
                }
            }
            throw new InvalidInputException("line " + (line + 1), "the end line is missing: the file is truncated");
        } catch (IOException | RuntimeJsonMappingException e) {
            throw new InvalidInputException("file", source + " cannot be read as NDJSON: " + e.getMessage());
        }
    }

    private Map<String, Long> header(Iterator<JsonNode> lines) {
        if (!lines.hasNext()) {
            throw new InvalidInputException("line 1", "the file is empty");
        }
        JsonNode header = lines.next();
        if (!ExportFormat.FORMAT.equals(header.path("format").asText(null))) {
            throw new InvalidInputException("line 1", "not a LatZero export header (format must be " + ExportFormat.FORMAT + ")");
        }
        int formatVersion = header.path("formatVersion").asInt(-1);
        if (formatVersion != ExportFormat.FORMAT_VERSION) {
            throw new InvalidInputException("line 1", "export format version " + header.path("formatVersion")
                    + " is not supported; this library reads version " + ExportFormat.FORMAT_VERSION);
        }
        String schema = header.path("schemaVersion").asText("");
        if (!schema.matches("[0-9]{1,9}(\\.[0-9]{1,9})*") || Integer.parseInt(schema.split("\\.")[0]) > newestSchemaVersion) {
            throw new InvalidInputException("line 1", "schema version '" + schema + "' is missing or newer than this"
                    + " library's (" + newestSchemaVersion + "); use a newer latzero-persistence");
        }
        JsonNode records = header.path("records");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ExportFormat.Table table : ExportFormat.TABLES) {
            JsonNode n = records.get(table.name());
            if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() < 0) {
                throw new InvalidInputException("line 1", "records." + table.name() + " must be a record count");
            }
            counts.put(table.name(), n.longValue());
        }
        if (records.size() != counts.size()) {
            throw new InvalidInputException("line 1", "records names a table that is not exported");
        }
        return counts;
    }

    private static ExportFormat.Table record(JsonNode record, long line) {
        String where = "line " + line;
        if (!record.isObject() || record.size() != 2 || !record.path("table").isTextual() || !record.path("row").isObject()) {
            throw new InvalidInputException(where, "must be {\"table\": name, \"row\": {columns}}");
        }
        ExportFormat.Table table = ExportFormat.table(record.get("table").textValue());
        if (table == null) {
            throw new InvalidInputException(where, "unknown table '" + record.get("table").textValue() + "'");
        }
        JsonNode row = record.get("row");
        if (row.size() != table.columns().size()) {
            throw new InvalidInputException(where, table.name() + " rows have exactly the columns "
                    + table.columns().stream().map(ExportFormat.Column::name).toList());
        }
        for (ExportFormat.Column column : table.columns()) {
            if (!row.has(column.name())) {
                throw new InvalidInputException(where, "column " + table.name() + "." + column.name() + " is missing");
            }
            ExportFormat.validate(where + " " + table.name() + "." + column.name(), column, row.get(column.name()));
        }
        return table;
    }

    private static void end(JsonNode record, long line, long done, Iterator<JsonNode> rest) {
        JsonNode records = record.get("records");
        if (record.size() != 2 || !record.get("end").asBoolean(false) || records == null || !records.isIntegralNumber()
                || records.longValue() != done) {
            throw new InvalidInputException("line " + line, "the end line must be {\"end\": true, \"records\": " + done + "}");
        }
        if (rest.hasNext()) {
            throw new InvalidInputException("line " + (line + 1), "nothing may follow the end line");
        }
    }

    private static void deleteAll(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String table : DELETE_ORDER) {
                s.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    private static void refuseNonEmpty(Connection c) throws SQLException {
        long rows = 0;
        try (Statement s = c.createStatement()) {
            for (ExportFormat.Table table : ExportFormat.TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table.name())) {
                    rs.next();
                    rows += rs.getLong(1);
                }
            }
        }
        if (rows > 0) {
            throw new InvalidInputException("store", "holds " + rows + " durable records; import needs an empty one."
                    + " Nothing was imported");
        }
    }

    private boolean isConstraintViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && errors.isConstraintViolation(s)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Batches inserts per table on one connection. */
    private static final class Writer implements AutoCloseable {
        private final Connection connection;
        private final Map<ExportFormat.Table, PreparedStatement> statements = new LinkedHashMap<>();
        private final Map<ExportFormat.Table, Integer> pending = new LinkedHashMap<>();

        Writer(Connection connection) {
            this.connection = connection;
        }

        void add(ExportFormat.Table table, JsonNode row) throws SQLException {
            PreparedStatement s = statements.get(table);
            if (s == null) {
                s = connection.prepareStatement(table.insert());
                statements.put(table, s);
            }
            int i = 1;
            for (ExportFormat.Column column : table.columns()) {
                JsonNode value = row.get(column.name());
                if (value.isNull()) {
                    s.setNull(i++, column.kind().text ? Types.VARCHAR : Types.BIGINT);
                } else if (column.kind().text) {
                    s.setString(i++, value.textValue());
                } else {
                    s.setLong(i++, value.longValue());
                }
            }
            s.addBatch();
            if (pending.merge(table, 1, Integer::sum) >= BATCH_SIZE) {
                s.executeBatch();
                pending.put(table, 0);
            }
        }

        void flush() throws SQLException {
            for (PreparedStatement s : statements.values()) {
                s.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement s : statements.values()) {
                s.close();
            }
        }
    }
}
