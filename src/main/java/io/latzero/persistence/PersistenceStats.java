package io.latzero.persistence;

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
 */
public record PersistenceStats(String schemaVersion, String dataDirectory, String durableDatabase, String memoryDatabase,
                               int activeTransactions, long preparedStatements, Map<String, Long> rowCounts,
                               String backupFormat) {
    public PersistenceStats {
        rowCounts = Map.copyOf(rowCounts);
    }
}
