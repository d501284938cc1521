package io.latzero.persistence.internal.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.Synchronous;
import java.nio.file.Path;
import java.util.Map;
import org.hibernate.cfg.AvailableSettings;
import org.sqlite.SQLiteConfig;

/** Builds the connection pools of the two SQLite units with the pragmas the reliability notes call for. */
public final class SqliteDataSources {
    /** Connections of the durable file pool: SQLite has one writer; more connections only serve concurrent readers. */
    private static final int FILE_POOL_SIZE = 4;

    private SqliteDataSources() {
    }

    /**
     * Hibernate settings of a unit on SQLite: its dialect, given so that Hibernate boots without a connection (while
     * the database is checked and migrated).
     */
    public static Map<String, Object> hibernateSettings() {
        return Map.of(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect",
                AvailableSettings.ALLOW_METADATA_ON_BOOT, false);
    }

    /** The JDBC URL of a database file. */
    public static String fileUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** A private in-memory database shared by every connection of this process that names it (memdb VFS). */
    public static String memoryUrl(String name) {
        return "jdbc:sqlite:file:/" + name + "?vfs=memdb";
    }

    /** The durable pool on a file: WAL or rollback journal, the configured sync level, IMMEDIATE transactions. */
    public static HikariDataSource file(Path file, PersistenceConfig config) {
        SQLiteConfig sqlite = baseConfig(config);
        sqlite.setJournalMode(config.walMode() ? SQLiteConfig.JournalMode.WAL : SQLiteConfig.JournalMode.DELETE);
        if (config.walMode()) {
            // The backstop behind the background checkpoints (WalCheckpointer).
            sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(WalCheckpointer.BACKSTOP_PAGES));
        }
        sqlite.setSynchronous(config.synchronous() == Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        try {
            return pool("latzero-durable", new HardenedSqliteDataSource(fileUrl(file), sqlite), FILE_POOL_SIZE);
        } catch (HikariPool.PoolInitializationException e) {
            // The pool opens its first connection at once: a file that is not a database, or cannot be opened, fails here.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StorageException("Cannot open the database " + file + ": " + cause.getMessage(), e);
        }
    }

    /**
     * A pool of one connection on an in-memory database. The database lives while any connection is open, so
     * the caller keeps an anchor connection for its whole life and the pool never retires its connection.
     */
    public static HikariDataSource memory(String name, PersistenceConfig config) {
        return pool("latzero-" + name, new HardenedSqliteDataSource(memoryUrl(name), baseConfig(config)), 1);
    }

    private static SQLiteConfig baseConfig(PersistenceConfig config) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        sqlite.enforceForeignKeys(true);
        sqlite.setCacheSize(config.cacheSize());
        sqlite.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        sqlite.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, "0");
        // Not setPragma(JDBC_GET_GENERATED_KEYS): toProperties() overwrites that with this setting (default true),
        // and every INSERT then ran an extra "SELECT last_insert_rowid()".
        sqlite.setGetGeneratedKeys(false);
        sqlite.enableLoadExtension(false);
        return sqlite;
    }

    private static HikariDataSource pool(String name, HardenedSqliteDataSource source, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(1);
        // sqlite-jdbc re-begins after commit when autoCommit is off; idle connections must never hold the lock.
        hikari.setAutoCommit(true);
        hikari.setMaxLifetime(0);
        hikari.setIdleTimeout(0);
        hikari.setConnectionTimeout(30_000);
        return new HikariDataSource(hikari);
    }
}
