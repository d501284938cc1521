package io.latzero.persistence.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.latzero.persistence.testing.LogCapture;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability window's syncer against a recording sync. Timing bounds are generous (ten windows, not one): the
 * machine may be busy, and a broken syncer misses them by far more.
 */
class WalSyncerTest {
    private static final Duration WINDOW = Duration.ofMillis(100);

    /** The start and end (nanoTime) of each sync. */
    private final List<long[]> syncs = new CopyOnWriteArrayList<>();

    private WalSyncer.Sync recording() {
        return () -> {
            long start = System.nanoTime();
            syncs.add(new long[] {start, System.nanoTime()});
        };
    }

    @Test
    void under_a_steady_write_load_every_commit_is_synced_within_the_window_and_syncs_are_shared() throws Exception {
        List<Long> commits = new ArrayList<>();
        WalSyncer syncer = new WalSyncer(WINDOW, recording());
        syncer.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < end) {
            syncer.committed();
            commits.add(System.nanoTime());
            Thread.sleep(2);
        }
        int syncsWhileWriting = syncs.size();
        syncer.close();

        assertThat(syncsWhileWriting).as("syncs in 2 s of writes at a 100 ms window (about 40 expected)")
                .isBetween(5, commits.size() / 4);
        for (long committed : commits) {
            // The first sync starting after the commit may have read the commit count just before it; the next
            // one surely covers it (the last ones are covered by the sync at close, which reads the count after all).
            List<long[]> after = syncs.stream().filter(s -> s[0] > committed).toList();
            long[] covering = after.get(Math.min(1, after.size() - 1));
            assertThat(Duration.ofNanos(covering[1] - committed)).as("commit to its sync")
                    .isLessThan(WINDOW.multipliedBy(10));
        }
    }

    @Test
    void after_the_last_write_of_a_burst_it_syncs_once_and_then_stays_idle() throws Exception {
        try (WalSyncer syncer = new WalSyncer(Duration.ofMillis(20), recording())) {
            syncer.start();
            for (int i = 0; i < 100; i++) {
                syncer.committed();
            }
            // A sync may come in the middle of the burst; the last one covers its end and is followed by no other.
            int afterBurst = (int) TestManagers.awaitSteady(syncs::size, Duration.ofMillis(60));

            Thread.sleep(300);

            assertThat(syncs).as("30 idle wake-ups later").hasSize(afterBurst);
            assertThat(syncer.status().syncs()).isEqualTo(afterBurst);
        }
    }

    @Test
    void closing_syncs_what_the_last_commits_left() {
        WalSyncer syncer = new WalSyncer(Duration.ofHours(1), recording());
        syncer.start();
        syncer.committed();

        syncer.close();

        assertThat(syncs).hasSize(1);
    }

    @Test
    void closing_without_a_commit_since_the_last_sync_does_not_sync() {
        WalSyncer syncer = new WalSyncer(Duration.ofHours(1), recording());
        syncer.start();

        syncer.close();

        assertThat(syncs).isEmpty();
    }

    @Test
    void a_failed_sync_is_logged_as_an_error_counted_kept_and_retried() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(WalSyncer.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        AtomicInteger calls = new AtomicInteger();
        try (WalSyncer syncer = new WalSyncer(Duration.ofMillis(20), () -> {
            if (calls.incrementAndGet() <= 3) {
                throw new IOException("Input/output error");
            }
        })) {
            syncer.start();
            syncer.committed();
            await(() -> syncer.status().syncs() == 1);

            WalSyncer.Status status = syncer.status();
            assertThat(status.failures()).isEqualTo(3);
            assertThat(status.lastFailure()).contains("Input/output error");
            assertThat(logged).filteredOn(r -> r.getLevel() == java.util.logging.Level.SEVERE)
                    .singleElement().satisfies(r -> assertThat(r.getMessage()).contains("Input/output error"));
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void syncs_slower_than_half_the_window_are_counted_their_longest_kept_and_the_first_logged() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LogCapture log = LogCapture.start();
             WalSyncer syncer = new WalSyncer(Duration.ofMillis(40), () -> {
                 if (calls.incrementAndGet() <= 2) {
                     sleep(60);
                 }
             })) {
            assertThat(syncer.status().longestSync()).as("before any sync").isNull();
            syncer.start();
            for (int i = 0; i < 3; i++) {
                syncer.committed();
                int before = i;
                await(() -> syncer.status().syncs() > before);
            }

            WalSyncer.Status status = syncer.status();
            assertThat(status.slowSyncs()).as("two of three syncs took 60 ms of a 40 ms window").isEqualTo(2);
            assertThat(status.longestSync()).isGreaterThanOrEqualTo(Duration.ofMillis(60));
            assertThat(log.warnings()).filteredOn(line -> line.contains("durability window")).singleElement()
                    .satisfies(line -> assertThat(line).contains("more than half the 40 ms durability window"));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void the_wal_file_sync_syncs_an_existing_wal_and_takes_a_missing_one_for_nothing_to_sync(@TempDir Path dir)
            throws IOException {
        WalSyncer.Sync sync = WalSyncer.walFileOf(dir.resolve("latzero.db"));
        assertThatCode(sync::sync).as("no WAL").doesNotThrowAnyException();

        Files.writeString(dir.resolve("latzero.db-wal"), "frames");
        assertThatCode(sync::sync).as("a WAL").doesNotThrowAnyException();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
