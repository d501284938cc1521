package io.latzero.persistence;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of the persistence layer's state.
 *
 * @param schemaVersion      schema version of the durable database
 * @param dataDirectory      the data directory
 * @param durableDatabase    the durable database file, or {@code :memory:} in memory mode
 * @param memoryDatabase     the in-memory database holding trigger records
 * @param activeTransactions transactions open at the moment of the snapshot
 * @param preparedStatements statements prepared since initialisation, both units
 * @param rowCounts          rows per table: app_registry, pool_metadata, memory_blocks, server_config, trigger_records
 * @param backupFormat       what {@code createBackup()} writes: {@code "sqlite-file"}
 * @param synchronous        the {@link Synchronous} level of {@code latzero.db} ({@code "FULL"} or {@code "NORMAL"});
 *                           null where it does not apply (memory mode; PostgreSQL, where the server decides)
 * @param durabilityWindow   the {@link PersistenceConfig#durabilityWindow()} in force; null where none is (FULL,
 *                           a window of 0, no WAL, memory mode, PostgreSQL)
 * @param walSyncs           background syncs of the WAL made for the durability window
 * @param walSyncFailures    background syncs of the WAL that failed; from the first one on, commits acknowledged
 *                           before it may not survive a power loss, and the readiness check reports DOWN
 * @param lastWalSyncFailure what the last failed sync reported, or null if none failed
 * @param longestWalSync     the longest successful background sync of the WAL so far; null if none ran
 * @param slowWalSyncs       background syncs that took longer than half the durability window: the window bounds
 *                           what a power loss takes only while syncs are quicker than that (logged at the first)
 * @param revision           the change feed's current revision: that of the last committed change of durable state
 */
public record PersistenceStats(String schemaVersion, String dataDirectory, String durableDatabase, String memoryDatabase,
                               int activeTransactions, long preparedStatements, Map<String, Long> rowCounts,
                               String backupFormat, String synchronous, Duration durabilityWindow, long walSyncs,
                               long walSyncFailures, String lastWalSyncFailure, Duration longestWalSync,
                               long slowWalSyncs, long revision) {
    public PersistenceStats {
        rowCounts = Map.copyOf(rowCounts);
    }

    /** Stats without the slow-sync figures (null, 0) and the revision (0), as the record was before they were added. */
    public PersistenceStats(String schemaVersion, String dataDirectory, String durableDatabase, String memoryDatabase,
                            int activeTransactions, long preparedStatements, Map<String, Long> rowCounts,
                            String backupFormat, String synchronous, Duration durabilityWindow, long walSyncs,
                            long walSyncFailures, String lastWalSyncFailure) {
        this(schemaVersion, dataDirectory, durableDatabase, memoryDatabase, activeTransactions, preparedStatements,
                rowCounts, backupFormat, synchronous, durabilityWindow, walSyncs, walSyncFailures, lastWalSyncFailure,
                null, 0, 0);
    }

    /** Stats without the durability fields (null and 0), as the record was before they were added. */
    public PersistenceStats(String schemaVersion, String dataDirectory, String durableDatabase, String memoryDatabase,
                            int activeTransactions, long preparedStatements, Map<String, Long> rowCounts,
                            String backupFormat) {
        this(schemaVersion, dataDirectory, durableDatabase, memoryDatabase, activeTransactions, preparedStatements,
                rowCounts, backupFormat, null, null, 0, 0, null, null, 0, 0);
    }
}
