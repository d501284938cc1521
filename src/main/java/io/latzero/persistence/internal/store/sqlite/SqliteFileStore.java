package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.internal.files.DataDirectory;
import io.latzero.persistence.internal.files.FileSafety;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.jpa.Migrations;
import io.latzero.persistence.internal.tx.TransactionRunner;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The default store: {@code latzero.db} in the data directory, which this process locks for as long as it is open.
 * At {@code synchronous=NORMAL} in WAL mode it bounds what a power loss can lose with a {@link WalSyncer}; in WAL
 * mode a {@link WalCheckpointer} keeps checkpoints off the commit path.
 */
public final class SqliteFileStore extends SqliteStore {
    private static final System.Logger LOG = System.getLogger(SqliteFileStore.class.getName());
    private final WalSyncer walSyncer;
    private final WalCheckpointer checkpointer;
    private DataDirectory dataDirectory;
    private CleanShutdownMarker cleanShutdown;
    /** Whether the database was opened and is the one a clean close may describe in the marker. */
    private boolean markAtClose;

    public SqliteFileStore(PersistenceConfig config, Boots boots, Function<Path, WalSyncer.Sync> walSyncOf) {
        super(config, boots);
        boolean windowApplies = config.walMode() && config.synchronous() == Synchronous.NORMAL
                && !config.durabilityWindow().isZero();
        this.walSyncer = windowApplies ? new WalSyncer(config.durabilityWindow(),
                walSyncOf.apply(config.dataDir().resolve(DataDirectory.DATABASE_FILE))) : null;
        this.checkpointer = config.walMode() ? new WalCheckpointer(this::openDataSource) : null;
    }

    private DataSource openDataSource() {
        Database db = database();
        return db == null || db.dataSource().isClosed() ? null : db.dataSource();
    }

    /** Locks the data directory, then checks, migrates and opens its database; a refusal says how to restore. */
    @Override
    public void open(HibernateBoot boot, Supplier<BackupStore> backups) {
        dataDirectory = DataDirectory.lock(config.dataDir());
        cleanShutdown = new CleanShutdownMarker(dataDirectory.path(), dataDirectory.databaseFile());
        try {
            refuseTruncatedDatabase(dataDirectory.databaseFile(), backups.get());
            super.open(boot, backups);
        } catch (StorageException e) {
            throw new StorageException(e.getMessage() + restoreHint(backups.get()), e);
        }
        markAtClose = true;
        backups.get().sweepTemporaries();
    }

    @Override
    protected Database open(HibernateBoot boot, Database.SqlAction beforeMigrate) {
        Path file = dataDirectory.databaseFile();
        try {
            // The full integrity_check reads the whole file: it runs unless the last close was clean (see reliability.md).
            boolean closedCleanly = cleanShutdown.consume();
            LOG.log(closedCleanly ? Level.DEBUG : Level.INFO, closedCleanly
                    ? "Opening " + file + ": closed cleanly, header and schema checked (no integrity_check)"
                    : "Opening " + file + ": no clean shutdown recorded, running the full integrity_check");
            LiveDatabaseCheck.inspector().verifyLive(file, !closedCleanly);
        } catch (RuntimeException e) {
            boot.abandon();
            throw e;
        }
        // The data directory is locked: no other process migrates it meanwhile, so a current schema needs no Flyway.
        return Database.open(file.toString(), SqliteDataSources.file(file, config), false, beforeMigrate,
                pool -> Migrations.migrateUnlessCurrent(pool, Migrations.DURABLE_SQLITE, file.toString()), boot);
    }

    /**
     * A 0-byte {@code latzero.db} is what {@link DataDirectory} creates in a fresh directory (a crash before the first
     * migration commits leaves it so), and SQLite reads it as an empty database. Once backups exist, though, the
     * database had content: an empty file then means it was truncated or replaced, and opening it would silently
     * start over with nothing, so it is refused.
     */
    private static void refuseTruncatedDatabase(Path file, BackupStore backups) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == 0 && !backups.list().isEmpty()) {
                throw new StorageException("The database " + file + " is empty (0 bytes) although backups exist in "
                        + backups.directory() + ": it was truncated or replaced. It was left untouched.");
            }
        } catch (IOException e) {
            throw new StorageException("Cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    /** How to get back to the newest good backup when the live database cannot be opened (a restore needs it open). */
    private String restoreHint(BackupStore backups) {
        try {
            List<Path> list = backups.list();
            if (list.isEmpty()) {
                return " There is no backup in " + backups.directory() + " to restore.";
            }
            return " To restore the newest good backup, stop every process using " + config.dataDir() + ", copy "
                    + list.get(0) + " over " + DataDirectory.DATABASE_FILE + " and delete " + DataDirectory.DATABASE_FILE
                    + "-wal and " + DataDirectory.DATABASE_FILE + "-shm together with it.";
        } catch (RuntimeException e) {
            return " Restore the newest good backup.";
        }
    }

    @Override
    public void start() {
        if (walSyncer != null) {
            walSyncer.start();
        }
        if (checkpointer != null) {
            checkpointer.start();
        }
    }

    @Override
    public void committed() {
        if (walSyncer != null) {
            walSyncer.committed();
        }
        if (checkpointer != null) {
            checkpointer.committed();
        }
    }

    @Override
    public String synchronous() {
        return config.synchronous().name();
    }

    @Override
    public WalSyncer.Status walSync() {
        return walSyncer == null ? super.walSync() : walSyncer.status();
    }

    /** Attempts at the truncating checkpoint after a backup before it is left to the next backup. */
    private static final int TRUNCATE_ATTEMPTS = 20;
    /** Pause between two attempts, while writers run and readers on an old snapshot finish. */
    private static final long TRUNCATE_RETRY_MILLIS = 10;

    /**
     * Checkpoints the WAL into the database and truncates it to zero bytes. SQLite's automatic checkpoints copy pages
     * back but leave old page images in the {@code -wal} file until they happen to be overwritten; with
     * {@code secure_delete} this is what makes an overwritten or removed value (a rotated secret) leave no copy on
     * disk. Runs after every backup (so daily by default), in two steps so that writers are held off only briefly:
     * a {@code PASSIVE} checkpoint first, with writers going on, copies the frames the backup's read kept in the WAL
     * (megabytes after a long backup) into the database and syncs it; then, with in-process writers held off, a
     * {@code TRUNCATE} checkpoint copies the few frames committed meanwhile and empties the file. That second step does
     * not wait for readers: a read still using the WAL makes it give up at once (busy timeout 0 on its connection),
     * and it is tried again, writers running in between, up to {@value #TRUNCATE_ATTEMPTS} times, then left to the
     * next backup.
     */
    @Override
    public void afterBackup(TransactionRunner tx) {
        if (!config.walMode()) {
            return;
        }
        try (Connection c = database().dataSource().getConnection(); Statement s = c.createStatement()) {
            checkpoint(s, "PASSIVE");
            s.execute("PRAGMA busy_timeout = 0");
            try {
                for (int attempt = 1; ; attempt++) {
                    if (tx.exclusively(() -> checkpoint(s, "TRUNCATE"))) {
                        return;
                    }
                    if (attempt == TRUNCATE_ATTEMPTS) {
                        LOG.log(Level.DEBUG, "WAL checkpoint of " + database().location() + " stopped early " + attempt
                                + " times: a reader was active; the next backup tries again");
                        return;
                    }
                    Thread.sleep(TRUNCATE_RETRY_MILLIS);
                }
            } finally {
                s.execute("PRAGMA busy_timeout = " + Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Checkpointing the WAL of " + database().location() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code wal_checkpoint(mode)}; whether it completed (false: a reader or another process kept it busy). */
    private static boolean checkpoint(Statement s, String mode) {
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return rs.next() && rs.getInt(1) == 0;
        } catch (SQLException e) {
            throw new StorageException("wal_checkpoint(" + mode + ") failed: " + e.getMessage(), e);
        }
    }

    /** Closes the database, moves the backup over {@code latzero.db} (atomically, WAL and SHM gone) and reopens it. */
    @Override
    public void restore(Path verified, TransactionRunner tx) {
        closeDatabase();
        Path db = dataDirectory.databaseFile();
        try {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + "-wal"));
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + "-shm"));
            Files.move(verified, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileSafety.fsyncDirectory(dataDirectory.path());
        } catch (IOException e) {
            throw new StorageException("Cannot swap in " + verified + ": " + e.getMessage(), e);
        }
        replaceDatabase(reopen(Database.SqlAction.NONE));
    }

    @Override
    public void close() {
        try {
            if (checkpointer != null) {
                checkpointer.close();
            }
            if (walSyncer != null) {
                // Before the connections close: the last commits' frames are synced whatever SQLite does at its close.
                walSyncer.close();
            }
            boolean mark = markAtClose && database() != null;
            markAtClose = false;
            super.close();
            if (mark) {
                // After the last connection closed (SQLite checkpointed and removed the -wal), before the lock goes.
                cleanShutdown.write();
            }
        } finally {
            if (dataDirectory != null) {
                dataDirectory.close();
                dataDirectory = null;
            }
        }
    }
}
