package io.latzero.persistence.internal;

import io.latzero.persistence.PersistenceConfig;

/**
 * Where the durable unit lives, and what follows from that: migrations, SQL dialect, the backup format, whether
 * the data directory holds the database, and whether other processes write to it too.
 */
public enum DurableBackend {
    /** {@code latzero.db} in the data directory; one process at a time (the directory lock). */
    SQLITE_FILE(Migrations.DURABLE_SQLITE, "org.hibernate.community.dialect.SQLiteDialect", "sqlite-file", true, false),
    /** An in-memory SQLite database (memory mode). */
    SQLITE_MEMORY(Migrations.DURABLE_SQLITE, "org.hibernate.community.dialect.SQLiteDialect", "sqlite-file", false, false),
    /** A PostgreSQL (or PostgreSQL-compatible) server that several LatZero servers may share. */
    POSTGRESQL(Migrations.DURABLE_POSTGRESQL, "org.hibernate.dialect.PostgreSQLDialect", "ndjson-export", false, true);

    private final String migrations;
    private final String dialect;
    private final String backupFormat;
    private final boolean ownsDatabaseFile;
    private final boolean sharedWithOtherProcesses;

    DurableBackend(String migrations, String dialect, String backupFormat, boolean ownsDatabaseFile,
                   boolean sharedWithOtherProcesses) {
        this.migrations = migrations;
        this.dialect = dialect;
        this.backupFormat = backupFormat;
        this.ownsDatabaseFile = ownsDatabaseFile;
        this.sharedWithOtherProcesses = sharedWithOtherProcesses;
    }

    /** The backend {@code config} selects: a server URL wins, then memory mode, else the file. */
    public static DurableBackend of(PersistenceConfig config) {
        if (config.durableDatabase() != null) {
            return POSTGRESQL;
        }
        return config.memoryMode() ? SQLITE_MEMORY : SQLITE_FILE;
    }

    /** Flyway location of the durable migrations for this backend. */
    public String migrations() {
        return migrations;
    }

    /** Hibernate dialect class name. */
    public String dialect() {
        return dialect;
    }

    /** What {@code createBackup()} writes: {@code sqlite-file} (a database copy) or {@code ndjson-export}. */
    public String backupFormat() {
        return backupFormat;
    }

    /** Whether the database is {@code latzero.db} in the data directory, guarded by the directory lock. */
    public boolean ownsDatabaseFile() {
        return ownsDatabaseFile;
    }

    /**
     * Whether other processes write to the same database: then nothing read may be cached in this process beyond
     * a transaction, and the in-process write lock orders only this process's commits.
     */
    public boolean sharedWithOtherProcesses() {
        return sharedWithOtherProcesses;
    }

    public boolean isSqlite() {
        return this != POSTGRESQL;
    }
}
