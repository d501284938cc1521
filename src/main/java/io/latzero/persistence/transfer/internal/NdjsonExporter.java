package io.latzero.persistence.transfer.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.internal.tx.JdbcTransactions;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes every durable record as NDJSON: a header line (format, format version, schema version, record counts),
 * one line per row ({@code {"table":..,"row":{..}}}) streamed from a cursor, and an end line with the total. All
 * of it is read in one transaction, so it is one consistent snapshot (REPEATABLE READ on PostgreSQL; on SQLite
 * the caller excludes this process's writers and the transaction holds the database lock).
 */
public final class NdjsonExporter {
    private static final int FETCH_SIZE = 1000;
    private static final int PROGRESS_EVERY = 5000;

    private final DataSource dataSource;
    private final String source;
    private final boolean repeatableRead;
    private final String schemaVersion;

    /**
     * @param source         what the header names as the export's source ({@code sqlite}, {@code postgresql})
     * @param repeatableRead whether to read in a read-only REPEATABLE READ transaction, for a database that other
     *                       processes write while the export runs (a SQLite export instead holds off this process's
     *                       writers, its only ones)
     */
    public NdjsonExporter(DataSource dataSource, String source, boolean repeatableRead, String schemaVersion) {
        this.dataSource = dataSource;
        this.source = source;
        this.repeatableRead = repeatableRead;
        this.schemaVersion = schemaVersion;
    }

    /** Writes the export into {@code target} (created or truncated); the caller makes it durable and renames it. */
    public TransferSummary export(Path target, TransferProgress progress) {
        try (Connection c = dataSource.getConnection()) {
            if (repeatableRead) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            return JdbcTransactions.inTransaction(c, () -> write(c, target, progress));
        } catch (SQLException e) {
            throw new StorageException("Export to " + target + " failed reading the database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException("Export to " + target + " failed writing the file: " + e.getMessage(), e);
        }
    }

    private TransferSummary write(Connection c, Path target, TransferProgress progress) throws SQLException, IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ExportFormat.Table table : ExportFormat.TABLES) {
            counts.put(table.name(), count(c, table.name()));
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long done = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
             JsonGenerator json = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            writeHeader(json, counts);
            for (ExportFormat.Table table : ExportFormat.TABLES) {
                try (PreparedStatement s = c.prepareStatement(table.selectAll())) {
                    s.setFetchSize(FETCH_SIZE);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            writeRow(json, table, rs);
                            if (++done % PROGRESS_EVERY == 0) {
                                progress.update(done, total);
                            }
                        }
                    }
                }
            }
            if (done != total) {
                throw new StorageException("Export changed while being written: counted " + total + " records, read " + done);
            }
            json.writeStartObject();
            json.writeBooleanField("end", true);
            json.writeNumberField("records", done);
            json.writeEndObject();
            json.writeRaw('\n');
        }
        progress.update(done, total);
        return new TransferSummary(target, counts);
    }

    private void writeHeader(JsonGenerator json, Map<String, Long> counts) throws IOException {
        json.writeStartObject();
        json.writeStringField("format", ExportFormat.FORMAT);
        json.writeNumberField("formatVersion", ExportFormat.FORMAT_VERSION);
        json.writeStringField("schemaVersion", schemaVersion);
        json.writeStringField("source", source);
        json.writeStringField("exportedAt", Instant.now().toString());
        json.writeObjectFieldStart("records");
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeRow(JsonGenerator json, ExportFormat.Table table, ResultSet rs) throws SQLException, IOException {
        json.writeStartObject();
        json.writeStringField("table", table.name());
        json.writeObjectFieldStart("row");
        int i = 1;
        for (ExportFormat.Column column : table.columns()) {
            json.writeFieldName(column.name());
            if (column.kind().text) {
                String value = rs.getString(i++);
                if (value == null) {
                    json.writeNull();
                } else {
                    json.writeString(value);
                }
            } else {
                long value = rs.getLong(i++);
                if (rs.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
