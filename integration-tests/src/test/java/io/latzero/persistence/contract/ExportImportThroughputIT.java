package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.transfer.TransferSummary;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export and import of 100,000 apps on both backends, with the throughput printed (a figure for docs/postgresql.md,
 * not an assertion: timing depends on the machine). Asserted: every record arrives.
 */
class ExportImportThroughputIT {
    private static final int APPS = 100_000;

    @TempDir
    Path dir;

    @Test
    void exports_and_imports_one_hundred_thousand_apps() throws Exception {
        Path generated = generate(dir.resolve("generated.ndjson"));
        Path fromSqlite = dir.resolve("sqlite.ndjson");
        Path fromPostgres = dir.resolve("postgres.ndjson");
        try (PersistenceManager sqlite = open(dir.resolve("sqlite"), PersistenceConfig.builder())) {
            report("SQLite import", generated, () -> sqlite.importFrom(generated));
            report("SQLite export", fromSqlite, () -> sqlite.exportTo(fromSqlite));
        }
        try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.get().newSchema();
             PersistenceManager postgres = open(dir.resolve("pg"), PersistenceConfig.builder().durableDatabase(schema.database()))) {
            report("PostgreSQL import", fromSqlite, () -> postgres.importFrom(fromSqlite));
            report("PostgreSQL export", fromPostgres, () -> postgres.exportTo(fromPostgres));
            assertThat(postgres.getAppsByPool("pool-42")).hasSize(APPS / 100);
        }
        assertThat(Files.readAllLines(fromPostgres).subList(1, APPS + 2))
                .isEqualTo(Files.readAllLines(generated).subList(1, APPS + 2));
    }

    /** An export of {@value #APPS} apps as the format describes it (written here, not through the API, to be quick). */
    private static Path generate(Path file) throws Exception {
        long now = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("{\"format\":\"latzero-persistence-export\",\"formatVersion\":1,\"schemaVersion\":\"2\","
                    + "\"source\":\"test\",\"exportedAt\":\"2026-01-01T00:00:00Z\",\"records\":{\"app_registry\":"
                    + APPS + ",\"pool_metadata\":0,\"memory_blocks\":0,\"server_config\":0}}\n");
            for (int i = 0; i < APPS; i++) {
                out.write(String.format("{\"table\":\"app_registry\",\"row\":{\"app_id\":\"app-%06d\","
                        + "\"pools\":\"[\\\"pool-%d\\\"]\",\"triggers\":\"[\\\"process-data\\\"]\","
                        + "\"meta\":\"{\\\"version\\\":\\\"1.0.%d\\\",\\\"owner\\\":\\\"team-%d\\\"}\","
                        + "\"protocol_version\":\"1.0\",\"registered\":%d,\"last_seen\":%d,\"rehydrated\":0}}%n",
                        i, i % 100, i, i % 7, now + i, now + i));
            }
            out.write("{\"end\":true,\"records\":" + APPS + "}\n");
        }
        return file;
    }

    private static void report(String what, Path file, Supplier<TransferSummary> transfer) throws Exception {
        long t0 = System.nanoTime();
        TransferSummary summary = transfer.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(summary.total()).isEqualTo(APPS);
        System.out.printf("%s of %,d apps: %.2f s, %,.0f records/s, %.1f MB/s (file %.1f MB)%n", what, APPS, seconds,
                APPS / seconds, Files.size(file) / 1e6 / seconds, Files.size(file) / 1e6);
    }

    private static PersistenceManager open(Path dataDir, PersistenceConfig.Builder builder) {
        PersistenceManager m = new PersistenceManager(builder.dataDir(dataDir).backupInterval(Duration.ZERO).build());
        m.initialize();
        return m;
    }
}
