package io.latzero.persistence.contract;

import io.latzero.persistence.DurableDatabase;
import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.change.ChangeWatch;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LatZero server in a child JVM of {@link ChangeFeedKillIT}: writers change apps, pools, blocks and server config
 * on a shared PostgreSQL schema until the deadline, while a watcher prints every change ({@link FeedLines}) and is
 * closed and resumed from its last revision at random moments. After {@code DONE} it waits for {@code FINISH <rev>},
 * lets the watcher reach that revision and prints {@code CAUGHT-UP}; each watcher kill prints {@code KILLED}, and exits.
 *
 * <p>Arguments: url user origin from-revision seed. After {@code READY} it reads {@code GO <until-epoch-millis>}.
 */
public final class FeedServer {
    private static final Object OUT = new Object();
    private static volatile ChangeWatch watch;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String origin = args[2];
        long from = Long.parseLong(args[3]);
        Random random = new Random(Long.parseLong(args[4]));
        PersistenceManager persistence = new PersistenceManager(PersistenceConfig.builder()
                .dataDir(Files.createTempDirectory("feed-server")).backupInterval(Duration.ZERO)
                .durableDatabase(new DurableDatabase(url, user, null, 4)).changeLogOrigin(origin).build());
        persistence.initialize();
        watch = startWatch(persistence, from);
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String go = in.readLine();
        long until = Long.parseLong(go.substring("GO ".length()));
        AtomicInteger written = new AtomicInteger();
        AtomicInteger kills = new AtomicInteger();
        Thread killer = new Thread(() -> {
            Random r = new Random(random.nextLong());
            try {
                while (true) {
                    Thread.sleep(30 + r.nextInt(400));
                    ChangeWatch old = watch;
                    old.close();
                    kills.incrementAndGet();
                    synchronized (OUT) {
                        System.out.println("KILLED");
                    }
                    watch = startWatch(persistence, old.lastRevision());
                }
            } catch (InterruptedException e) {
                // finished
            }
        });
        killer.setDaemon(true);
        killer.start();
        Thread[] writers = new Thread[2];
        for (int i = 0; i < writers.length; i++) {
            long seed = random.nextLong();
            writers[i] = new Thread(() -> write(persistence, new Random(seed), until, written));
            writers[i].start();
        }
        for (Thread writer : writers) {
            while (writer.isAlive()) {
                writer.join(1000);
                synchronized (OUT) {
                    System.out.println("WROTE " + written.get());
                }
            }
        }
        synchronized (OUT) {
            System.out.println("DONE");
        }
        String finish = in.readLine();
        long target = Long.parseLong(finish.substring("FINISH ".length()));
        killer.interrupt();
        killer.join();
        while (watch.lastRevision() < target) {
            Thread.sleep(20);
        }
        synchronized (OUT) {
            System.out.println("CAUGHT-UP");
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static ChangeWatch startWatch(PersistenceManager persistence, long from) {
        return persistence.changes().watch(from, change -> {
            synchronized (OUT) {
                System.out.println(FeedLines.line(change));
            }
        }, failure -> {
            synchronized (OUT) {
                System.out.println("FAILED " + failure.getMessage());
            }
        });
    }

    private static void write(PersistenceManager p, Random r, long until, AtomicInteger written) {
        while (System.currentTimeMillis() < until) {
            String n = String.valueOf(r.nextInt(12));
            int value = r.nextInt(1000);
            try {
                switch (r.nextInt(10)) {
                    case 0 -> p.registerApp("app-" + n, List.of("pool-" + n), List.of(), Map.of("n", value));
                    case 1 -> p.updateApp("app-" + n, AppUpdate.builder().meta(Map.of("n", value)).build());
                    case 2 -> p.removeApp("app-" + n);
                    case 3 -> p.createPool("pool-" + n, PoolType.GLOBAL, false, Map.of("n", value));
                    case 4 -> p.updatePool("pool-" + n, PoolUpdate.builder().description("d" + value).build());
                    case 5 -> p.removePool("pool-" + n);
                    case 6 -> p.createMemoryBlock("block-" + n, value, BlockType.BINARY, Map.of());
                    case 7 -> p.updateMemoryBlock("block-" + n, MemoryBlockUpdate.builder().size(value).build());
                    case 8 -> p.removeMemoryBlock("block-" + n);
                    default -> p.saveServerConfig("config-" + (value % 4), value);
                }
                written.incrementAndGet();
            } catch (LatZeroPersistenceException expected) {
                // exists already, not found, or a conflict with another server: part of the race
            }
        }
    }
}
