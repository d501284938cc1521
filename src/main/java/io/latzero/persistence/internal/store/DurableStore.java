package io.latzero.persistence.internal.store;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.change.internal.ChangeLogDialect;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.store.postgres.PostgresDataSources;
import io.latzero.persistence.internal.store.postgres.PostgresStore;
import io.latzero.persistence.internal.store.sqlite.SqliteDataSources;
import io.latzero.persistence.internal.store.sqlite.SqliteFileStore;
import io.latzero.persistence.internal.store.sqlite.SqliteMemoryStore;
import io.latzero.persistence.internal.store.sqlite.WalSyncer;
import io.latzero.persistence.internal.tx.CommitStrategy;
import io.latzero.persistence.internal.tx.ErrorClassifier;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.internal.tx.Unit;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import io.latzero.persistence.transfer.internal.NdjsonExporter;
import io.latzero.persistence.transfer.internal.NdjsonImporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the durable unit lives: the SQLite file of a data directory, an in-memory SQLite database, or a PostgreSQL
 * server. A store owns everything that differs between them: opening (verification and migration), its Hibernate
 * settings, its snapshot for backups and its restore, its commit strategy, whether committed state may be cached in
 * this process, and its durability settings. Outside the stores no code asks which backend it is on.
 */
public abstract class DurableStore implements AutoCloseable {
    /** Starts the durable unit's Hibernate boot with a store's settings on an executor. */
    @FunctionalInterface
    public interface Boots {
        HibernateBoot start(Map<String, Object> settings, Executor executor);
    }

    protected final PersistenceConfig config;
    private final Boots boots;
    private final Unit unit;

    /** A store whose SQL errors {@code errors} reads. */
    protected DurableStore(PersistenceConfig config, Boots boots, ErrorClassifier errors) {
        this.config = config;
        this.boots = boots;
        this.unit = new Unit(errors);
    }

    /** The store {@code config} selects: a server URL wins, then memory mode, else the data directory's file. */
    public static DurableStore of(PersistenceConfig config, Boots boots, Function<Path, WalSyncer.Sync> walSyncOf) {
        if (config.durableDatabase() != null) {
            return new PostgresStore(config, boots);
        }
        return config.memoryMode() ? new SqliteMemoryStore(config, boots) : new SqliteFileStore(config, boots, walSyncOf);
    }

    /**
     * The Hibernate settings of the store {@code config} selects, before the caller's: known before the store is
     * made, so that its boot can start first.
     */
    public static Map<String, Object> hibernateSettings(PersistenceConfig config) {
        return config.durableDatabase() != null ? PostgresDataSources.hibernateSettings()
                : SqliteDataSources.hibernateSettings();
    }

    /** Starts booting Hibernate for this store on {@code executor} (where it can boot without a connection). */
    public final HibernateBoot startBoot(Executor executor) {
        return boots.start(hibernateSettings(config), executor);
    }

    /**
     * Opens and migrates the database, then finishes {@code boot} on it; {@code backups} gives this store's backups
     * (created on first use): what a refusal to open may point to, and where a store on disk sweeps what a killed
     * backup or restore left.
     */
    public void open(HibernateBoot boot, Supplier<BackupStore> backups) {
        unit.database(open(boot, Database.SqlAction.NONE));
    }

    /** Opens the database again (after a restore), Hibernate booting on this thread. */
    protected final Database reopen(Database.SqlAction beforeMigrate) {
        return open(startBoot(Runnable::run), beforeMigrate);
    }

    /**
     * Opens the database with {@code boot}, which it finishes or abandons, running {@code beforeMigrate} on a raw
     * connection before migrating.
     */
    protected abstract Database open(HibernateBoot boot, Database.SqlAction beforeMigrate);

    /** The open database; null before {@link #open}, after {@link #close()} or a failed restore. */
    public Database database() {
        return unit.database();
    }

    /** The durable unit as transactions see it: always the database open now, and this store's SQL errors. */
    public Unit unit() {
        return unit;
    }

    /** Closes the open database, if any; {@link #database()} is null until it is replaced. */
    protected final void closeDatabase() {
        unit.closeDatabase();
    }

    protected final void replaceDatabase(Database replacement) {
        unit.database(replacement);
    }

    /**
     * Whether this process is the database's only writer, so committed state may be cached in memory.
     */
    public abstract boolean ownedByThisProcess();

    /** How durable transactions commit here: alone, or grouped so that one fsync serves many. */
    public abstract CommitStrategy.Factory commitStrategy();

    /** The change log's SQL on this backend. */
    public abstract ChangeLogDialect changeLogDialect();

    /** What backups of this store are: {@code sqlite-file} (a database copy) or {@code ndjson-export}. */
    public abstract String backupFormat();

    /** The file name extension of its backups. */
    public abstract String backupExtension();

    /** How often to take backups automatically: {@code backupInterval}, or zero (never) for a store in memory. */
    public Duration automaticBackupInterval() {
        return config.backupInterval();
    }

    /** Starts background work (after the store and the rest of the manager are open). */
    public void start() {
    }

    /** Called after every durable commit of this process, and after an import. */
    public void committed() {
    }

    /** The SQLite {@code synchronous} level in force, or null where SQLite does not decide durability. */
    public String synchronous() {
        return null;
    }

    /** The durability window in force and its syncs, or an empty status where none is. */
    public WalSyncer.Status walSync() {
        return WalSyncer.Status.NONE;
    }

    /** Writes a consistent snapshot of the database to {@code target}, a new empty file. */
    public abstract void snapshotInto(Path target, TransactionRunner tx);

    /** Throws a {@link io.latzero.persistence.StorageException} if {@code backup} is not a usable backup of this store. */
    public abstract void verifyBackup(Path backup);

    /** Housekeeping after a backup was taken. */
    public void afterBackup(TransactionRunner tx) {
    }

    /**
     * Replaces the database's content with {@code verified}, a backup checked by {@link #verifyBackup}; with every
     * writer of this process excluded. If that fails the store may be left closed ({@link #database()} null).
     */
    public abstract void restore(Path verified, TransactionRunner tx);

    /** Writes every durable record to {@code target} as versioned NDJSON from one consistent snapshot. */
    public abstract TransferSummary export(Path target, TransferProgress progress, TransactionRunner tx);

    /** Reads NDJSON exports into this store's database. */
    public NdjsonImporter importer() {
        Database database = database();
        return new NdjsonImporter(database.dataSource(), database.schemaMajorVersion(), unit.errors());
    }

    protected final NdjsonExporter exporter(String source, boolean repeatableRead) {
        Database database = database();
        return new NdjsonExporter(database.dataSource(), source, repeatableRead, database.schemaVersion());
    }

    @Override
    public void close() {
        closeDatabase();
    }
}
