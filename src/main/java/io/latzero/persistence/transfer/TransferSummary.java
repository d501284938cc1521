package io.latzero.persistence.transfer;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an export wrote or an import read.
 *
 * @param file    the NDJSON file
 * @param records records per table: app_registry, pool_metadata, memory_blocks, server_config
 */
public record TransferSummary(Path file, Map<String, Long> records) {
    public TransferSummary {
        records = Map.copyOf(records);
    }

    /** Records in all tables. */
    public long total() {
        return records.values().stream().mapToLong(Long::longValue).sum();
    }
}
