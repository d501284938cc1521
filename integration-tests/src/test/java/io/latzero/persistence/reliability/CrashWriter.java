package io.latzero.persistence.reliability;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.pool.PoolType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Child JVM of {@link CrashIT}: writes through the public API until it is killed and prints {@code ACK ...} after
 * each commit returned. Three kinds of transaction, each spanning several tables:
 * <ul>
 *   <li>{@code ACK G i}: app {@code app-i} (pool {@code pool-i%4}), blocks {@code blk-i-0..2}, config {@code seq=i};</li>
 *   <li>{@code ACK U x v}: app {@code app-x} gets {@code meta.touch=v} and block {@code blk-x-0} size {@code v};</li>
 *   <li>{@code ACK B i}: blocks {@code bb-i-0..4} and pool {@code pool-i%4}'s {@code config.batches} incremented.</li>
 * </ul>
 * Args: data dir, seed.
 */
public final class CrashWriter {
    static final int POOLS = 4;
    static final int BLOCKS_PER_GROUP = 3;
    static final int BLOCKS_PER_BATCH = 5;

    private CrashWriter() {
    }

    /** Checkpoints from a second connection every 25 ms, so some kills land in the middle of a checkpoint. */
    private static void startCheckpointer(Path db) {
        Thread t = new Thread(() -> {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                 java.sql.Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                while (true) {
                    s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    Thread.sleep(25);
                }
            } catch (Exception e) {
                System.err.println("checkpointer stopped: " + e);
            }
        }, "checkpointer");
        t.setDaemon(true);
        t.start();
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dir)
                .backupInterval(Duration.ZERO).triggerPurgeInterval(Duration.ZERO).build());
        pm.initialize();
        startCheckpointer(dir.resolve("latzero.db"));
        System.out.println("READY");
        long next = pm.loadServerConfig("seq", Long.class).orElse(0L) + 1;
        long batch = pm.loadServerConfig("batch", Long.class).orElse(0L) + 1;
        while (true) {
            int kind = next == 1 ? 0 : random.nextInt(3);
            if (kind == 0) {
                long i = next++;
                pm.transaction(() -> {
                    if (i == 1) {
                        for (int p = 0; p < POOLS; p++) {
                            pm.createPool("pool-" + p, PoolType.values()[0], false, Map.of("batches", 0));
                        }
                    }
                    String pool = "pool-" + i % POOLS;
                    pm.registerApp("app-" + i, List.of("t"), List.of(pool), Map.of("seq", i, "touch", 0));
                    for (int j = 0; j < BLOCKS_PER_GROUP; j++) {
                        pm.createMemoryBlock("blk-" + i + "-" + j, 0, BlockType.BINARY, Map.of("pool", pool));
                    }
                    pm.saveServerConfig("seq", i);
                });
                System.out.println("ACK G " + i);
            } else if (kind == 1) {
                long x = 1 + (long) random.nextInt((int) Math.min(Integer.MAX_VALUE, next - 1));
                long v = pm.transaction(() -> {
                    App app = pm.getApp("app-" + x).orElseThrow();
                    long touch = ((Number) app.meta().get("touch")).longValue() + 1;
                    Map<String, Object> meta = new HashMap<>(app.meta());
                    meta.put("touch", touch);
                    pm.updateApp("app-" + x, AppUpdate.builder().meta(meta).build());
                    pm.updateMemoryBlock("blk-" + x + "-0", MemoryBlockUpdate.builder().size(touch).build());
                    return touch;
                });
                System.out.println("ACK U " + x + " " + v);
            } else {
                long i = batch++;
                pm.transaction(() -> {
                    String pool = "pool-" + i % POOLS;
                    for (int k = 0; k < BLOCKS_PER_BATCH; k++) {
                        pm.createMemoryBlock("bb-" + i + "-" + k, 64, BlockType.JSON, Map.of("pool", pool));
                    }
                    Map<String, Object> config = pm.getPool(pool).orElseThrow().config();
                    long batches = ((Number) config.get("batches")).longValue() + 1;
                    pm.updatePool(pool, io.latzero.persistence.pool.PoolUpdate.builder()
                            .config(Map.of("batches", batches)).build());
                    pm.saveServerConfig("batch", i);
                });
                System.out.println("ACK B " + i);
            }
        }
    }
}
