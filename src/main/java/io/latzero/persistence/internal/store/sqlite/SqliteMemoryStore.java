package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.jpa.Migrations;
import io.latzero.persistence.internal.tx.TransactionRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.sqlite.SQLiteConnection;

/** The durable unit in an in-memory SQLite database (memory mode): nothing on disk but its backups. */
public final class SqliteMemoryStore extends SqliteStore {
    public SqliteMemoryStore(PersistenceConfig config, Boots boots) {
        super(config, boots);
    }

    /** Memory mode writes to disk only when asked: {@code createBackup()}. */
    @Override
    public Duration automaticBackupInterval() {
        return Duration.ZERO;
    }

    @Override
    protected Database open(HibernateBoot boot, Database.SqlAction beforeMigrate) {
        String name = "latzero-durable-" + UUID.randomUUID();
        return Database.open(":memory:", SqliteDataSources.memory(name, config), true, beforeMigrate,
                Migrations.DURABLE_SQLITE, boot);
    }

    /** A new in-memory database, seeded from the backup before its schema is checked and migrated. */
    @Override
    public void restore(Path verified, TransactionRunner tx) {
        closeDatabase();
        replaceDatabase(reopen(c -> requireOk(c.unwrap(SQLiteConnection.class).getDatabase()
                .restore("main", verified.toString(), null), "Restoring from " + verified)));
    }
}
