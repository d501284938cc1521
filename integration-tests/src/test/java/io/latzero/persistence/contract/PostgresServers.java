package io.latzero.persistence.contract;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Managers as separate LatZero servers run them: each with its own data directory and change-log origin, all on one
 * fresh PostgreSQL schema. Closing closes every manager opened here, newest first, then drops the schema.
 */
final class PostgresServers implements AutoCloseable {
    private final Path dir;
    private final PostgresTestDatabase.Schema schema = PostgresTestDatabase.get().newSchema();
    private final List<PersistenceManager> opened = new ArrayList<>();

    PostgresServers(Path dir) {
        this.dir = dir;
    }

    /** An initialized manager named {@code name} (its data directory and origin), without automatic backups. */
    PersistenceManager open(String name) {
        return open(name, PersistenceConfig.builder());
    }

    /** The same, with the settings of {@code builder} besides. */
    PersistenceManager open(String name, PersistenceConfig.Builder builder) {
        PersistenceManager manager = new PersistenceManager(builder.dataDir(dir.resolve(name))
                .backupInterval(Duration.ZERO).durableDatabase(schema.database()).changeLogOrigin(name).build());
        opened.add(manager);
        manager.initialize();
        return manager;
    }

    PostgresTestDatabase.Schema schema() {
        return schema;
    }

    @Override
    public void close() {
        try {
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
        } finally {
            schema.close();
        }
    }
}
