package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.change.internal.ChangeLogDialect;
import io.latzero.persistence.change.internal.SqliteChangeLogDialect;
import io.latzero.persistence.internal.store.DurableStore;
import io.latzero.persistence.internal.tx.CommitStrategy;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

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

    /** {@code sqlite3_backup_step}'s "every page". */
    private static final int ALL_PAGES = -1;
    /** A busy source or copy (briefly, e.g. while a WAL is being reset) is tried again this often, this far apart. */
    private static final int BUSY_RETRIES = 3;
    private static final int BUSY_PAUSE_MILLIS = 100;

    /**
     * SQLite's online backup API, all pages in one step: one read transaction, so in WAL mode writers go on
     * meanwhile and this takes no lock of the library. (In smaller steps a backup restarts whenever another connection
     * commits, so with a writer running it might never end.) The copy is page for page, which costs a fraction of
     * rebuilding every table and index as {@code VACUUM INTO} did; free pages come along (zeroed, with
     * {@code secure_delete}), so a copy is as large as the file. The copy keeps the source's WAL flag in its header:
     * it is set back to a rollback journal, so a backup opened later, read-only, needs no {@code -wal} or {@code -shm}
     * file beside it.
     */
    @Override
    public void snapshotInto(Path target, TransactionRunner tx) {
        String file = target.toAbsolutePath().toString();
        try {
            try (Connection c = database().dataSource().getConnection()) {
                requireOk(c.unwrap(SQLiteConnection.class).getDatabase()
                        .backup("main", file, null, BUSY_PAUSE_MILLIS, BUSY_RETRIES, ALL_PAGES), "the backup API");
            }
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = copy.createStatement()) {
                s.execute("PRAGMA journal_mode=DELETE");
            }
        } catch (SQLException e) {
            throw new StorageException("Snapshot into " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** sqlite-jdbc's backup and restore calls return SQLite's result code instead of throwing. */
    static void requireOk(int code, String call) throws SQLException {
        if (code != SQLiteErrorCode.SQLITE_OK.code) {
            SQLiteErrorCode error = SQLiteErrorCode.getErrorCode(code);
            throw new SQLException(call + " failed: " + error.message + " (" + error + ")", null, code);
        }
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
