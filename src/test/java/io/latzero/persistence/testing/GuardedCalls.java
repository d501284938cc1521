package io.latzero.persistence.testing;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.transfer.TransferProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The lifecycle guard's subject, shared by the unit tests and the contract suite that runs on every backend. */
public final class GuardedCalls {
    private GuardedCalls() {
    }

    /**
     * Every public method of the façade that is refused before {@code initialize()} and after {@code shutdown()}
     * (all but {@code initialize}, {@code shutdown}, {@code close}, {@code config} and {@code on}), by name, each
     * called with arguments it would accept on an open manager whose data directory is {@code dataDir}. Not
     * {@code importFrom}: it checks that its file exists first.
     */
    public static Map<String, Consumer<PersistenceManager>> of(Path dataDir) {
        Map<String, Consumer<PersistenceManager>> calls = new LinkedHashMap<>();
        calls.put("transaction(Supplier)", p -> p.transaction(() -> 1));
        calls.put("transaction(Runnable)", p -> p.transaction(() -> { }));
        calls.put("transaction(Supplier, boolean)", p -> p.transaction(() -> 1, false));
        calls.put("entityManager", PersistenceManager::entityManager);
        calls.put("registerApp", p -> p.registerApp("a", List.of(), List.of(), Map.of()));
        calls.put("getApp", p -> p.getApp("a"));
        calls.put("updateApp", p -> p.updateApp("a", AppUpdate.builder().build()));
        calls.put("removeApp", p -> p.removeApp("a"));
        calls.put("getAllApps", PersistenceManager::getAllApps);
        calls.put("getAppsByPool", p -> p.getAppsByPool("p"));
        calls.put("createPool", p -> p.createPool("p", PoolType.LOCAL, false, Map.of()));
        calls.put("getPool", p -> p.getPool("p"));
        calls.put("updatePool", p -> p.updatePool("p", PoolUpdate.builder().build()));
        calls.put("removePool", p -> p.removePool("p"));
        calls.put("getAllPools", PersistenceManager::getAllPools);
        calls.put("getPoolsByType", p -> p.getPoolsByType(PoolType.LOCAL));
        calls.put("createMemoryBlock", p -> p.createMemoryBlock("b", 1, BlockType.BINARY, Map.of()));
        calls.put("getMemoryBlock", p -> p.getMemoryBlock("b"));
        calls.put("updateMemoryBlock", p -> p.updateMemoryBlock("b", MemoryBlockUpdate.builder().build()));
        calls.put("removeMemoryBlock", p -> p.removeMemoryBlock("b"));
        calls.put("getAllMemoryBlocks", PersistenceManager::getAllMemoryBlocks);
        calls.put("forEachMemoryBlock", p -> p.forEachMemoryBlock(b -> { }));
        calls.put("getMemoryBlocksByPool", p -> p.getMemoryBlocksByPool("p"));
        calls.put("saveServerConfig", p -> p.saveServerConfig("k", 1));
        calls.put("loadServerConfig", p -> p.loadServerConfig("k"));
        calls.put("loadServerConfig(type)", p -> p.loadServerConfig("k", Integer.class));
        calls.put("removeServerConfig", p -> p.removeServerConfig("k"));
        calls.put("createTriggerRecord", p -> p.createTriggerRecord("t", "a", 1, "d", null, null, Duration.ofMinutes(1)));
        calls.put("getTriggerRecord", p -> p.getTriggerRecord("t"));
        calls.put("markTriggerDispatched", p -> p.markTriggerDispatched("t", "w"));
        calls.put("completeTrigger", p -> p.completeTrigger("t"));
        calls.put("getPendingTriggers", p -> p.getPendingTriggers("d"));
        calls.put("removeTriggerRecord", p -> p.removeTriggerRecord("t"));
        calls.put("purgeExpiredTriggers", PersistenceManager::purgeExpiredTriggers);
        calls.put("createBackup", PersistenceManager::createBackup);
        calls.put("listBackups", PersistenceManager::listBackups);
        calls.put("restoreBackup", p -> p.restoreBackup(dataDir.resolve("backups/latzero-x.db")));
        calls.put("exportTo", p -> p.exportTo(dataDir.resolveSibling("export.ndjson")));
        calls.put("exportTo(progress)", p -> p.exportTo(dataDir.resolveSibling("export.ndjson"), TransferProgress.NONE));
        calls.put("getStats", PersistenceManager::getStats);
        return calls;
    }
}
