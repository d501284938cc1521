package io.latzero.persistence.internal.store.postgres;

import io.latzero.persistence.DurableDatabase;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.change.internal.ChangeLogDialect;
import io.latzero.persistence.change.internal.PostgresChangeLogDialect;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.jpa.Migrations;
import io.latzero.persistence.internal.store.DurableStore;
import io.latzero.persistence.internal.tx.CommitStrategy;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The durable unit on a PostgreSQL (or PostgreSQL-compatible) server that several LatZero servers may share: nothing
 * read is cached beyond a transaction, commits are not grouped, and backups are NDJSON exports read in one
 * repeatable-read snapshot.
 */
public final class PostgresStore extends DurableStore {
    public PostgresStore(PersistenceConfig config, Boots boots) {
        super(config, boots, PostgresErrors.INSTANCE);
    }

    @Override
    public void open(HibernateBoot boot, Supplier<BackupStore> backups) {
        super.open(boot, backups);
        backups.get().sweepTemporaries();
    }

    @Override
    protected Database open(HibernateBoot boot, Database.SqlAction beforeMigrate) {
        DurableDatabase server = config.durableDatabase();
        try {
            return Database.open(PostgresDataSources.redact(server.url()), PostgresDataSources.pool(server, config.changeLogOrigin()), false,
                    beforeMigrate, Migrations.DURABLE_POSTGRESQL, boot);
        } catch (RuntimeException e) {
            boot.abandon();
            throw e;
        }
    }

    @Override
    public boolean ownedByThisProcess() {
        return false;
    }

    /** Each transaction commits alone: other servers write too, so there is no in-process batch to join. */
    @Override
    public CommitStrategy.Factory commitStrategy() {
        return CommitStrategy.PLAIN;
    }

    @Override
    public ChangeLogDialect changeLogDialect() {
        return new PostgresChangeLogDialect();
    }

    @Override
    public String backupFormat() {
        return "ndjson-export";
    }

    @Override
    public String backupExtension() {
        return BackupStore.NDJSON_EXPORT;
    }

    @Override
    public void snapshotInto(Path target, TransactionRunner tx) {
        export(target, TransferProgress.NONE, tx);
    }

    @Override
    public void verifyBackup(Path backup) {
        try {
            importer().verify(backup);
        } catch (InvalidInputException e) {
            throw new StorageException("The backup " + backup + " is not a usable LatZero export: " + e.getMessage(), e);
        }
    }

    /** Replaces every durable record with the backup's in one transaction. */
    @Override
    public void restore(Path verified, TransactionRunner tx) {
        tx.exclusively(() -> importer().importFrom(verified, true, TransferProgress.NONE));
    }

    @Override
    public TransferSummary export(Path target, TransferProgress progress, TransactionRunner tx) {
        return exporter("postgresql", true).export(target, progress);
    }
}
