package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.ConflictException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.event.AppUpdated;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers in one process, an idle pool, and another process holding SQLite's write lock.
 * SQLite only: its subject is SQLite's single write lock (busy timeout, group commit, pooled connections that could
 * hold it); concurrent writers on PostgreSQL are {@code TwoServersOnePostgresIT}'s subject.
 */
class ConcurrencyIT {
    private static final int THREADS = 8;
    private static final int TRANSACTIONS_PER_THREAD = 1_000;

    @TempDir
    Path dir;
    PersistenceManager pm;

    @AfterEach
    void close() {
        if (pm != null) {
            pm.close();
        }
    }

    private PersistenceManager open(PersistenceConfig.Builder config) {
        pm = new PersistenceManager(config.dataDir(dir).backupInterval(Duration.ZERO).build());
        pm.initialize();
        return pm;
    }

    @Test
    void read_modify_write_transactions_from_eight_threads_are_all_applied_or_reported_as_conflicts() throws Exception {
        // NORMAL: this test is about interleaving, not fsync; the crash test covers durability at FULL.
        open(PersistenceConfig.builder().synchronous(Synchronous.NORMAL));
        pm.registerApp("counter", null, null, Map.of("n", 0));
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger events = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        pm.on(AppUpdated.class, e -> events.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < TRANSACTIONS_PER_THREAD; i++) {
                    try {
                        pm.transaction(() -> {
                            App app = pm.getApp("counter").orElseThrow();
                            Map<String, Object> meta = new HashMap<>(app.meta());
                            meta.put("n", ((Number) meta.get("n")).intValue() + 1);
                            pm.updateApp("counter", AppUpdate.builder().meta(meta).build());
                        });
                        applied.incrementAndGet();
                    } catch (ConflictException e) {
                        conflicts.incrementAndGet();
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long millis = (System.nanoTime() - started) / 1_000_000;
        int n = ((Number) pm.getApp("counter").orElseThrow().meta().get("n")).intValue();
        System.out.println("CONCURRENCY: " + THREADS + " threads x " + TRANSACTIONS_PER_THREAD + " read-modify-write, "
                + applied + " applied, " + conflicts + " conflicts, " + (applied.get() - n) + " lost, "
                + unexpected.size() + " other exceptions, final n=" + n + ", " + events + " events, " + millis + " ms");
        assertThat(unexpected).as("only ConflictException may be reported").isEmpty();
        assertThat(n).as("every applied transaction is in the counter").isEqualTo(applied.get());
        assertThat(applied.get() + conflicts.get()).isEqualTo(THREADS * TRANSACTIONS_PER_THREAD);
        assertThat(events.get()).as("one event per committed update").isEqualTo(applied.get());
        assertThat(RawSqlite.integrityCheck(dir.resolve("latzero.db"))).isEqualTo("ok");
    }

    @Test
    void no_idle_pooled_connection_holds_the_write_lock() throws Exception {
        open(PersistenceConfig.builder());
        List<Runnable> operations = List.of(
                () -> pm.registerApp("a", List.of("t"), List.of("p"), Map.of()),
                () -> pm.getApp("a"),
                () -> pm.getAllApps(),
                () -> pm.transaction(() -> pm.updateApp("a", AppUpdate.builder().meta(Map.of("k", 1)).build())),
                () -> {
                    try {
                        pm.transaction(() -> {
                            pm.saveServerConfig("x", 1);
                            throw new IllegalStateException("caller gives up");
                        });
                    } catch (IllegalStateException expected) {
                        // rolled back
                    }
                },
                () -> pm.createBackup(),
                () -> pm.getStats());
        long worst = 0;
        for (Runnable operation : operations) {
            operation.run();
            worst = Math.max(worst, millisToTakeWriteLockFromOutside());
        }
        System.out.println("IDLE-LOCK: " + operations.size() + " kinds of operation, an outside BEGIN IMMEDIATE got the"
                + " write lock after each; worst wait " + worst + " ms (limit 100 ms)");
    }

    /** A second, raw connection takes the write lock with a 100 ms busy timeout while the manager is idle. */
    private long millisToTakeWriteLockFromOutside() throws SQLException {
        try (RawSqlite raw = RawSqlite.open(dir.resolve("latzero.db"));
             Statement s = raw.connection().createStatement()) {
            s.execute("PRAGMA busy_timeout=100");
            long started = System.nanoTime();
            s.execute("BEGIN IMMEDIATE");
            long millis = (System.nanoTime() - started) / 1_000_000;
            s.execute("ROLLBACK");
            return millis;
        }
    }

    @Test
    void a_write_waits_for_another_process_holding_the_lock_for_two_seconds() {
        open(PersistenceConfig.builder());
        pm.saveServerConfig("before", 1);
        try (ChildJvm holder = ChildJvm.start(LockHolder.class, dir.resolve("latzero.db").toString(), "2000")) {
            holder.await("LOCKED", Duration.ofSeconds(60));
            long started = System.nanoTime();
            pm.saveServerConfig("during", 2);
            long waited = (System.nanoTime() - started) / 1_000_000;
            holder.await("RELEASED", Duration.ofSeconds(10));
            System.out.println("EXTERNAL-LOCK 2s: our write waited " + waited + " ms and committed (busy_timeout 5000 ms)");
        }
        assertThat(pm.loadServerConfig("during", Integer.class)).contains(2);
    }

    @Test
    void a_lock_held_longer_than_the_busy_timeout_is_a_conflict_and_leaves_transactions_atomic() {
        open(PersistenceConfig.builder().busyTimeout(Duration.ofMillis(500)));
        pm.saveServerConfig("before", 1);
        try (ChildJvm holder = ChildJvm.start(LockHolder.class, dir.resolve("latzero.db").toString(), "2500")) {
            holder.await("LOCKED", Duration.ofSeconds(60));
            assertThatThrownBy(() -> pm.transaction(() -> {
                pm.saveServerConfig("a", 1);
                pm.saveServerConfig("b", 2);
            })).isInstanceOf(ConflictException.class);
            holder.await("RELEASED", Duration.ofSeconds(10));
        }
        // After the timeout, transactions must still be all-or-nothing (no connection left in autocommit).
        assertThatThrownBy(() -> pm.transaction(() -> {
            pm.saveServerConfig("c", 3);
            throw new IllegalStateException("abort after the first write");
        })).isInstanceOf(IllegalStateException.class);
        pm.transaction(() -> {
            pm.saveServerConfig("d", 4);
            pm.saveServerConfig("e", 5);
        });
        assertThat(pm.loadServerConfig("a")).isEmpty();
        assertThat(pm.loadServerConfig("b")).isEmpty();
        assertThat(pm.loadServerConfig("c")).as("rolled back, not autocommitted").isEmpty();
        assertThat(pm.loadServerConfig("d")).isPresent();
        assertThat(pm.loadServerConfig("e")).isPresent();
        System.out.println("EXTERNAL-LOCK >busy_timeout: ConflictException after 500 ms; 0 non-atomic transactions after it");
    }
}
