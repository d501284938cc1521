package io.latzero.persistence.bench;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.trigger.TriggerRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The workloads' operations through the library's public API. */
final class LibraryTarget implements Target {
    static final Duration TRIGGER_TTL = Duration.ofMillis(1);

    private final PersistenceManager persistence;

    private LibraryTarget(PersistenceManager persistence) {
        this.persistence = persistence;
    }

    /** The library at {@code synchronous}, with {@code durabilityWindow} (0 = none) where NORMAL has one. */
    static LibraryTarget open(Path dir, Synchronous synchronous, Duration durabilityWindow) {
        PersistenceManager persistence = new PersistenceManager(Fixtures.config(dir, synchronous).toBuilder()
                .durabilityWindow(durabilityWindow).build());
        persistence.initialize();
        return new LibraryTarget(persistence);
    }

    PersistenceManager persistence() {
        return persistence;
    }

    @Override
    public Target forThread() {
        return this;
    }

    @Override
    public App registerApp(String appId, List<String> triggers, List<String> pools, Map<String, Object> meta) {
        return persistence.registerApp(appId, triggers, pools, meta);
    }

    @Override
    public Optional<App> getApp(String appId) {
        return persistence.getApp(appId);
    }

    @Override
    public App touchApp(String appId, int round) {
        return persistence.transaction(() -> {
            App app = persistence.getApp(appId).orElseThrow();
            Map<String, Object> meta = new LinkedHashMap<>(app.meta());
            meta.put("round", round);
            return persistence.updateApp(appId, AppUpdate.builder().meta(meta).build());
        });
    }

    @Override
    public List<App> getAppsByPool(String pool) {
        return persistence.getAppsByPool(pool);
    }

    @Override
    public void createBlocks(int first, int count, int poolCount) {
        persistence.transaction(() -> {
            for (int i = first; i < first + count; i++) {
                persistence.createMemoryBlock(Fixtures.blockId(i), Fixtures.BLOCK_SIZE, Fixtures.BLOCK_TYPE,
                        Fixtures.blockOptions(i, poolCount));
            }
        });
    }

    @Override
    public List<MemoryBlock> getMemoryBlocksByPool(String pool) {
        return persistence.getMemoryBlocksByPool(pool);
    }

    @Override
    public void forEachMemoryBlock(Consumer<MemoryBlock> consumer) {
        persistence.forEachMemoryBlock(consumer);
    }

    @Override
    public TriggerRecord createTrigger(String id, String destination) {
        return persistence.createTriggerRecord(id, "origin-app", 7, destination, "pool-0", "process-data", TRIGGER_TTL);
    }

    @Override
    public TriggerRecord dispatchTrigger(String id, String to) {
        return persistence.markTriggerDispatched(id, to);
    }

    @Override
    public TriggerRecord completeTrigger(String id) {
        return persistence.completeTrigger(id);
    }

    @Override
    public int purgeExpiredTriggers() {
        return persistence.purgeExpiredTriggers();
    }

    @Override
    public Path backup(Path dir) {
        return persistence.createBackup();
    }

    @Override
    public void close() {
        persistence.close();
    }
}
