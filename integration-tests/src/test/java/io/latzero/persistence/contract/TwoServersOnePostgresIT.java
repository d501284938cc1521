package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.ConflictException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.MemoryBlockUpdated;
import io.latzero.persistence.event.PoolUpdated;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.testing.LogCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two managers (as two servers would) on one PostgreSQL schema, 4 threads each, all doing read-modify-write
 * increments of one counter in the same app, pool and memory block. Every attempt must either apply or fail with
 * {@link ConflictException}; the counter must end at exactly the number applied (nothing lost), and each manager's
 * events must cover exactly its own commits.
 */
class TwoServersOnePostgresIT {
    private static final int THREADS_PER_MANAGER = 4;
    private static final int ATTEMPTS_PER_THREAD = 60;

    @TempDir
    Path dir;
    PostgresServers servers;
    PersistenceManager first;
    PersistenceManager second;

    @BeforeEach
    void openTwoManagers() {
        servers = new PostgresServers(dir);
        first = servers.open("server-1");
        second = servers.open("server-2");
        first.registerApp("shared", List.of(), List.of(), Map.of("n", 0));
        first.createPool("shared", PoolType.GLOBAL, false, Map.of("n", 0));
        first.createMemoryBlock("shared", 0, BlockType.BINARY, Map.of());
    }

    @AfterEach
    void close() {
        servers.close();
    }

    @Test
    void concurrent_app_updates_from_two_servers_are_applied_or_refused_never_lost() throws Exception {
        Outcome outcome = race("app", m -> ((Number) m.getApp("shared").orElseThrow().meta().get("n")).intValue(),
                (m, n) -> m.updateApp("shared", AppUpdate.builder().meta(Map.of("n", n)).build()), AppUpdated.class);
        assertThat(outcome.finalValue()).isEqualTo(outcome.applied());
    }

    @Test
    void concurrent_pool_updates_from_two_servers_are_applied_or_refused_never_lost() throws Exception {
        Outcome outcome = race("pool", m -> ((Number) m.getPool("shared").orElseThrow().config().get("n")).intValue(),
                (m, n) -> m.updatePool("shared", PoolUpdate.builder().config(Map.of("n", n)).build()), PoolUpdated.class);
        assertThat(outcome.finalValue()).isEqualTo(outcome.applied());
    }

    @Test
    void concurrent_memory_block_updates_from_two_servers_are_applied_or_refused_never_lost() throws Exception {
        Outcome outcome = race("memory block", m -> (int) m.getMemoryBlock("shared").orElseThrow().size(),
                (m, n) -> m.updateMemoryBlock("shared", MemoryBlockUpdate.builder().size(n).build()), MemoryBlockUpdated.class);
        assertThat(outcome.finalValue()).isEqualTo(outcome.applied());
        assertThat(first.getMemoryBlock("shared").orElseThrow().version()).isEqualTo(1 + outcome.applied());
    }

    /** A write of counter value {@code n} through one manager. */
    private interface Write {
        void apply(PersistenceManager manager, int n);
    }

    private record Outcome(long applied, long conflicts, long finalValue) {
    }

    private Outcome race(String what, ToIntFunction<PersistenceManager> read, Write write, Class<?> eventType)
            throws Exception {
        AtomicLong firstEvents = new AtomicLong();
        AtomicLong secondEvents = new AtomicLong();
        first.on(eventType, e -> firstEvents.incrementAndGet());
        second.on(eventType, e -> secondEvents.incrementAndGet());
        AtomicLong[] applied = {new AtomicLong(), new AtomicLong()};
        AtomicLong conflicts = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_MANAGER);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS_PER_MANAGER; t++) {
            int server = t % 2;
            PersistenceManager manager = server == 0 ? first : second;
            futures.add(pool.submit((Callable<Void>) () -> {
                start.await();
                IntConsumer attempt = i -> {
                    try {
                        // Read and write in one transaction: the write must fail if the row changed since the read.
                        manager.transaction(() -> write.apply(manager, read.applyAsInt(manager) + 1));
                        applied[server].incrementAndGet();
                    } catch (ConflictException e) {
                        conflicts.incrementAndGet();
                    }
                };
                for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                    attempt.accept(i);
                }
                return null;
            }));
        }
        List<String> warnings;
        try (LogCapture logs = LogCapture.start()) {
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            warnings = logs.warnings();
        }
        pool.shutdown();
        long total = applied[0].get() + applied[1].get();
        Outcome outcome = new Outcome(total, conflicts.get(), read.applyAsInt(second));
        System.out.printf("two managers x %d threads, %s: %d attempts, %d applied (server 1: %d, server 2: %d),"
                        + " %d conflicts, final counter %d, lost %d%n", THREADS_PER_MANAGER, what,
                2 * THREADS_PER_MANAGER * ATTEMPTS_PER_THREAD, total, applied[0].get(), applied[1].get(),
                conflicts.get(), outcome.finalValue(), total - outcome.finalValue());
        assertThat(total + conflicts.get()).isEqualTo(2L * THREADS_PER_MANAGER * ATTEMPTS_PER_THREAD);
        assertThat(warnings).as("conflicts are reported to the caller only, not logged").isEmpty();
        assertThat(firstEvents.get()).as("server 1 hears its own commits only").isEqualTo(applied[0].get());
        assertThat(secondEvents.get()).as("server 2 hears its own commits only").isEqualTo(applied[1].get());
        return outcome;
    }
}
