package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.transfer.TransferSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export and import of 100,000 apps on both backends, with the throughput printed (a figure for the README, not an
 * assertion: timing depends on the machine). Asserted: every record arrives.
 */
class ExportImportThroughputIT {
    private static final int APPS = 100_000;
    private static final int PER_TRANSACTION = 2_000;

    @TempDir
    Path dir;

    @Test
    void exportsAndImportsOneHundredThousandApps() throws Exception {
        Path fromSqlite = dir.resolve("sqlite.ndjson");
        Path fromPostgres = dir.resolve("postgres.ndjson");
        try (PersistenceManager sqlite = open(dir.resolve("sqlite"), PersistenceConfig.builder())) {
            for (int start = 0; start < APPS; start += PER_TRANSACTION) {
                int from = start;
                sqlite.transaction(() -> {
                    for (int i = from; i < from + PER_TRANSACTION; i++) {
                        sqlite.registerApp(String.format("app-%06d", i), List.of("process-data"),
                                List.of("pool-" + (i % 100)), Map.of("version", "1.0." + i, "owner", "team-" + (i % 7)));
                    }
                });
            }
            report("SQLite export", fromSqlite, () -> sqlite.exportTo(fromSqlite));
        }
        try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.get().newSchema();
             PersistenceManager postgres = open(dir.resolve("pg"), PersistenceConfig.builder().durableDatabase(schema.database()))) {
            report("PostgreSQL import", fromSqlite, () -> postgres.importFrom(fromSqlite));
            report("PostgreSQL export", fromPostgres, () -> postgres.exportTo(fromPostgres));
            assertThat(postgres.getAppsByPool("pool-42")).hasSize(APPS / 100);
        }
        try (PersistenceManager sqlite = open(dir.resolve("sqlite-2"), PersistenceConfig.builder())) {
            report("SQLite import", fromPostgres, () -> sqlite.importFrom(fromPostgres));
            assertThat(sqlite.getStats().rowCounts()).containsEntry("app_registry", (long) APPS);
        }
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
