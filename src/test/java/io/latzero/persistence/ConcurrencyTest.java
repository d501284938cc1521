package io.latzero.persistence;

import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.testing.SharedManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrencyTest {
    private static final int THREADS = 8;

    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    /** Runs {@code task} on {@link #THREADS} threads started together; returns their results. */
    private static <T> List<T> onAllThreads(Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void eight_threads_incrementing_one_counter_in_transactions_lose_no_update() throws Exception {
        String app = unique("counter");
        persistence.registerApp(app, List.of(), List.of(), Map.of("count", 0));
        int each = 200;
        onAllThreads(() -> {
            for (int i = 0; i < each; i++) {
                persistence.transaction(() -> {
                    App current = persistence.getApp(app).orElseThrow();
                    int count = ((Number) current.meta().get("count")).intValue();
                    persistence.updateApp(app, AppUpdate.builder().meta(Map.of("count", count + 1)).build());
                });
            }
            return null;
        });
        assertThat(persistence.getApp(app).orElseThrow().meta()).containsEntry("count", THREADS * each);
    }

    @Test
    void concurrent_updates_of_one_block_each_increment_its_version() throws Exception {
        String block = unique("block");
        persistence.createMemoryBlock(block, 0, BlockType.BINARY, Map.of());
        int each = 25;
        onAllThreads(() -> {
            for (int i = 0; i < each; i++) {
                persistence.updateMemoryBlock(block, MemoryBlockUpdate.builder().name("n").build());
            }
            return null;
        });
        assertThat(persistence.getMemoryBlock(block).orElseThrow().version()).isEqualTo(1 + THREADS * each);
    }

    @Test
    void of_eight_threads_registering_one_id_exactly_one_succeeds() throws Exception {
        String app = unique("race");
        List<String> outcomes = onAllThreads(() -> {
            try {
                persistence.registerApp(app, List.of(), List.of(), Map.of("by", Thread.currentThread().getName()));
                return "registered";
            } catch (AlreadyExistsException e) {
                return "refused";
            }
        });
        assertThat(outcomes).containsOnlyOnce("registered").containsOnly("registered", "refused");
    }

    @Test
    void readers_run_alongside_writers_and_only_ever_see_committed_transactions() throws Exception {
        String pool = unique("pool");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> reads = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            reads.add(readers.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    int seen = persistence.getAppsByPool(pool).size();
                    assertThat(seen % 2).as("apps are registered in pairs").isZero();
                    n++;
                }
                return n;
            }));
        }
        try {
            onAllThreads(() -> {
                for (int i = 0; i < 10; i++) {
                    String id = unique("pair");
                    persistence.transaction(() -> {
                        persistence.registerApp(id + "-1", List.of(), List.of(pool), Map.of());
                        persistence.registerApp(id + "-2", List.of(), List.of(pool), Map.of());
                    });
                }
                return null;
            });
        } finally {
            stop.set(true);
            readers.shutdown();
        }
        for (Future<Integer> f : reads) {
            assertThat(f.get()).isPositive();
        }
        assertThat(persistence.getAppsByPool(pool)).hasSize(THREADS * 10 * 2);
    }
}
