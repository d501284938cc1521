package io.latzero.consumer;

import io.latzero.persistence.DurableDatabase;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a user with only the library on the class path does: opens the embedded SQLite store, writes and reads;
 * asking for a PostgreSQL store instead must fail at initialize() naming the artifacts to add. Exits non-zero if
 * anything differs.
 */
public final class PlainConsumer {
    private PlainConsumer() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("latzero-consumer");
        try (PersistenceManager persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir)
                .backupInterval(Duration.ZERO).build())) {
            persistence.initialize();
            persistence.registerApp("consumer-app", List.of("t"), List.of("p"), Map.of("version", "1"));
            check(persistence.getApp("consumer-app").isPresent(), "the registered app reads back");
        }
        System.out.println("consumer: the embedded SQLite store works without the PostgreSQL driver");

        PersistenceManager onPostgres = new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir)
                .durableDatabase(new DurableDatabase("jdbc:postgresql://127.0.0.1:5432/test", "postgres", null, 2))
                .build());
        try {
            onPostgres.initialize();
            check(false, "a PostgreSQL store without the driver is refused");
        } catch (StorageException e) {
            check(e.getMessage().contains("org.postgresql:postgresql")
                    && e.getMessage().contains("org.flywaydb:flyway-database-postgresql"),
                    "the refusal names both artifacts to add, got: " + e.getMessage());
            System.out.println("consumer: a PostgreSQL store is refused with: " + e.getMessage());
        } finally {
            onPostgres.close();
        }
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            System.err.println("consumer check FAILED: " + what);
            System.exit(1);
        }
    }
}
