package io.latzero.persistence.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent durable transactions share commits; each stays all-or-nothing, acknowledged only once durable. */
class GroupCommitTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 60;

    @TempDir
    Path dir;
    PersistenceManager persistence;
    final List<String> registered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        persistence = TestManagers.open(TestManagers.config(dir).synchronous(Synchronous.FULL).build());
        persistence.on(AppRegistered.class, e -> registered.add(e.appId()));
    }

    @AfterEach
    void close() {
        persistence.close();
    }

    @Test
    void every_concurrent_write_is_visible_to_another_connection_when_its_call_returns() throws Exception {
        AtomicInteger unseen = new AtomicInteger();
        runConcurrently(t -> {
            try (Connection other = TestManagers.readOnly(dir.resolve("latzero.db"))) {
                for (int i = 0; i < PER_THREAD; i++) {
                    String id = "app-" + t + "-" + i;
                    persistence.registerApp(id, null, List.of("pool-a"), Map.of("n", i));
                    if (TestManagers.column(other, "SELECT app_id FROM app_registry WHERE app_id = '" + id + "'").isEmpty()) {
                        unseen.incrementAndGet();
                    }
                }
            }
            return null;
        });

        assertThat(unseen).hasValue(0);
        assertThat(persistence.getAllApps()).hasSize(THREADS * PER_THREAD);
    }

    @Test
    void events_arrive_once_each_in_the_order_the_rows_were_written() throws Exception {
        runConcurrently(t -> {
            for (int i = 0; i < PER_THREAD; i++) {
                persistence.registerApp("app-" + t + "-" + i, null, null, null);
            }
            return null;
        });
        persistence.close();

        try (Connection c = TestManagers.readOnly(dir.resolve("latzero.db"))) {
            List<String> writeOrder = TestManagers.column(c, "SELECT app_id FROM app_registry ORDER BY rowid");
            assertThat(registered).hasSize(THREADS * PER_THREAD).doesNotHaveDuplicates().isEqualTo(writeOrder);
        }
    }

    @Test
    void a_failing_transaction_among_concurrent_ones_leaves_no_trace_and_takes_no_other_down() throws Exception {
        runConcurrently(t -> {
            for (int i = 0; i < PER_THREAD; i++) {
                String id = "app-" + t + "-" + i;
                if (i % 3 == 0) {
                    assertThatThrownBy(() -> persistence.transaction(() -> {
                        persistence.registerApp(id, null, List.of("pool-doomed"), null);
                        throw new IllegalStateException("caller gives up");
                    })).isInstanceOf(IllegalStateException.class);
                } else {
                    persistence.registerApp(id, null, List.of("pool-kept"), null);
                }
            }
            return null;
        });

        int kept = THREADS * (PER_THREAD - PER_THREAD / 3);
        assertThat(persistence.getAllApps()).hasSize(kept);
        assertThat(persistence.getAppsByPool("pool-doomed")).isEmpty();
        assertThat(persistence.getAppsByPool("pool-kept")).hasSize(kept);
        assertThat(registered).hasSize(kept).doesNotHaveDuplicates().allMatch(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 3 != 0);
    }

    @Test
    void of_concurrent_registrations_of_one_id_exactly_one_succeeds() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        runConcurrently(t -> {
            for (int i = 0; i < PER_THREAD; i++) {
                try {
                    persistence.registerApp("contested-" + i, null, null, Map.of("winner", t));
                } catch (AlreadyExistsException e) {
                    refused.incrementAndGet();
                }
            }
            return null;
        });

        assertThat(refused).hasValue((THREADS - 1) * PER_THREAD);
        assertThat(registered).hasSize(PER_THREAD).doesNotHaveDuplicates();
        assertThat(persistence.getAllApps()).hasSize(PER_THREAD);
    }

    /** Runs {@code work(t)} on {@link #THREADS} threads released together; rethrows the first failure. */
    private static void runConcurrently(ThreadWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Void> task = () -> {
                    start.await();
                    return work.run(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadWork {
        Void run(int thread) throws Exception;
    }
}
