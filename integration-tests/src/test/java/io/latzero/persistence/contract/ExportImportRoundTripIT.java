package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.pool.PoolType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite -> PostgreSQL -> SQLite through export and import yields the same data, record for record. */
class ExportImportRoundTripIT {
    @TempDir
    Path dir;

    @Test
    void sqlite_to_postgresql_to_sqlite_yields_identical_data() throws Exception {
        Path fromSqlite = dir.resolve("from-sqlite.ndjson");
        Path fromPostgres = dir.resolve("from-postgres.ndjson");
        Path again = dir.resolve("again.ndjson");
        Snapshot original;
        try (PersistenceManager sqlite = sqlite("sqlite-1")) {
            fill(sqlite);
            original = Snapshot.of(sqlite);
            sqlite.exportTo(fromSqlite);
        }
        try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.get().newSchema();
             PersistenceManager postgres = open(dir.resolve("pg"), PersistenceConfig.builder().durableDatabase(schema.database()))) {
            postgres.importFrom(fromSqlite);
            assertThat(Snapshot.of(postgres)).isEqualTo(original);
            postgres.exportTo(fromPostgres);
        }
        try (PersistenceManager sqlite = sqlite("sqlite-2")) {
            sqlite.importFrom(fromPostgres);
            assertThat(Snapshot.of(sqlite)).isEqualTo(original);
            sqlite.exportTo(again);
        }
        assertThat(records(fromPostgres)).isEqualTo(records(fromSqlite));
        assertThat(records(again)).isEqualTo(records(fromSqlite));
    }

    private static void fill(PersistenceManager m) {
        m.registerApp("app-ü", List.of("t1", "t 2"), List.of("p1", "p2"),
                Map.of("nested", Map.of("list", List.of(1, 2.5, "x", true)), "emoji", "😀", "quote", "a\"b\\c\n"));
        m.registerApp("app-empty", null, null, null);
        m.updateApp("app-ü", AppUpdate.builder().rehydrated(true).protocolVersion("2.1")
                .lastSeen(Instant.parse("2031-05-06T07:08:09.123Z")).build());
        m.createPool("p1", PoolType.ENCRYPTED, true, Map.of("description", "line\nbreak", "owners", List.of("app-ü"),
                "policies", Map.of("max", Long.MAX_VALUE), "zone", "é"));
        m.createPool("p2", PoolType.LOCAL, false, null);
        m.createMemoryBlock("b1", Long.MAX_VALUE, BlockType.JSON, Map.of("name", "n", "pool", "p1", "persistent", true,
                "encrypted", true, "permissions", Map.of("r", List.of("app-ü")), "other", Map.of()));
        m.createMemoryBlock("b2", 0, BlockType.STREAM, null);
        m.updateMemoryBlock("b1", MemoryBlockUpdate.builder().name("renamed").build());
        m.saveServerConfig("list", List.of(1, "two", Map.of("three", 3)));
        m.saveServerConfig("null-ish", "");
        m.saveServerConfig("number", 3.25);
    }

    private PersistenceManager sqlite(String name) {
        return open(dir.resolve(name), PersistenceConfig.builder());
    }

    private static PersistenceManager open(Path dataDir, PersistenceConfig.Builder builder) {
        PersistenceManager m = new PersistenceManager(builder.dataDir(dataDir).backupInterval(Duration.ZERO).build());
        m.initialize();
        return m;
    }

    /** The record lines of an export: everything but the header, which names the source and time. */
    private static List<String> records(Path export) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        lines.remove(0);
        return lines;
    }

    /** Everything the API shows of a store. */
    private record Snapshot(Object apps, Object pools, Object blocks, Map<String, Object> config, Object byPool) {
        static Snapshot of(PersistenceManager m) {
            Map<String, Object> config = new LinkedHashMap<>();
            for (String key : List.of("list", "null-ish", "number")) {
                config.put(key, m.loadServerConfig(key).orElseThrow());
            }
            return new Snapshot(m.getAllApps(), m.getAllPools(), m.getAllMemoryBlocks(), config,
                    List.of(m.getAppsByPool("p1"), m.getAppsByPool("p2"), m.getMemoryBlocksByPool("p1")));
        }
    }
}
