package io.latzero.persistence.bench;

import io.latzero.persistence.app.App;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.trigger.TriggerRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operations the workloads run, implemented once over the library ({@link LibraryTarget}) and once over plain
 * JDBC ({@link JdbcTarget}), so every workload runs the same code against both.
 */
interface Target extends AutoCloseable {
    /** An instance a worker thread may use on its own: the library is thread-safe; a JDBC connection is not. */
    Target forThread();

    App registerApp(String appId, List<String> triggers, List<String> pools, Map<String, Object> meta);

    Optional<App> getApp(String appId);

    /** Reads the app, changes its metadata and writes it back, in one transaction. */
    App touchApp(String appId, int round);

    List<App> getAppsByPool(String pool);

    /** Creates {@code count} blocks starting at index {@code first}, all in one transaction. */
    void createBlocks(int first, int count, int poolCount);

    List<MemoryBlock> getMemoryBlocksByPool(String pool);

    /** Streams every block to {@code consumer}. */
    void forEachMemoryBlock(Consumer<MemoryBlock> consumer);

    TriggerRecord createTrigger(String id, String destination);

    TriggerRecord dispatchTrigger(String id, String to);

    TriggerRecord completeTrigger(String id);

    int purgeExpiredTriggers();

    /** A consistent copy of the durable database, written somewhere under {@code dir}; returns its file. */
    Path backup(Path dir);

    @Override
    void close();
}
