package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.change.internal.ChangeLogDialect;
import io.latzero.persistence.change.internal.SqliteChangeLogDialect;
import io.latzero.persistence.internal.store.DurableStore;
import io.latzero.persistence.internal.tx.CommitStrategy;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import java.nio.file.Path;

/**
 * What the two SQLite stores share: this process is the only writer (the data directory lock, or a database no
 * other process can reach), backups are verified database copies, and an export excludes this process's writers.
 */
abstract class SqliteStore extends DurableStore {
    SqliteStore(PersistenceConfig config, Boots boots) {
        super(config, boots, SqliteErrors.INSTANCE);
    }

    @Override
    public boolean ownedByThisProcess() {
        return true;
    }

    /** Group commit, in memory too: one writer at a time either way, and a batch costs no more than a transaction. */
    @Override
    public CommitStrategy.Factory commitStrategy() {
        return GroupCommit::new;
    }

    @Override
    public ChangeLogDialect changeLogDialect() {
        return new SqliteChangeLogDialect();
    }

    @Override
    public String backupFormat() {
        return "sqlite-file";
    }

    @Override
    public String backupExtension() {
        return BackupStore.DATABASE_COPY;
    }

    @Override
    public void verifyBackup(Path backup) {
        new DatabaseInspector(ReferenceSchema.durableTriggers(), database().schemaMajorVersion()).verify(backup);
    }

    @Override
    public TransferSummary export(Path target, TransferProgress progress, TransactionRunner tx) {
        return tx.exclusively(() -> exporter("sqlite", false).export(target, progress));
    }
}
