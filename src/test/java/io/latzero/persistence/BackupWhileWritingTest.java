package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupWhileWritingTest {
    @TempDir
    Path dir;

    @Test
    void a_backup_holds_every_write_acknowledged_before_it_began_and_only_whole_transactions() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> writes = writer.submit(() -> {
                for (int n = 0; !stop.get(); n += 2) {
                    int first = n;
                    persistence.transaction(() -> {
                        persistence.registerApp("app-" + first, List.of(), List.of("p"), Map.of());
                        persistence.registerApp("app-" + (first + 1), List.of(), List.of("p"), Map.of());
                    });
                    acknowledged.set(n + 2);
                }
                return null;
            });
            try {
                TestManagers.await("the writer's first commits", Duration.ofSeconds(30), () -> acknowledged.get() >= 10);
                for (int i = 0; i < 3; i++) {
                    int before = acknowledged.get();
                    Path backup = persistence.createBackup();
                    try (Connection c = TestManagers.readOnly(backup)) {
                        int apps = Integer.parseInt(TestManagers.single(c, "select count(*) from app_registry"));
                        assertThat(apps).as(backup + ": every write acknowledged before createBackup").isGreaterThanOrEqualTo(before);
                        assertThat(apps % 2).as(backup + " holds whole transactions").isZero();
                        assertThat(TestManagers.single(c, "PRAGMA integrity_check")).isEqualTo("ok");
                    }
                }
            } finally {
                stop.set(true);
                writer.shutdown();
            }
            writes.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_backup_empties_the_wal_when_no_reader_holds_it() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            for (int i = 0; i < 50; i++) {
                persistence.registerApp("app-" + i, List.of(), List.of("p"), Map.of("i", i));
            }
            Path wal = dir.resolve("latzero.db-wal");
            assertThat(Files.size(wal)).as("the writes went to the WAL").isPositive();
            persistence.createBackup();
            assertThat(Files.size(wal)).as("-wal after the backup").isZero();
        }
    }

    @Test
    void a_reader_on_an_old_snapshot_holds_neither_the_writers_nor_the_backup_for_the_busy_timeout() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir).busyTimeout(Duration.ofSeconds(5)).build())) {
            for (int i = 0; i < 50; i++) {
                persistence.registerApp("app-" + i, List.of(), List.of("p"), Map.of("i", i));
            }
            Path wal = dir.resolve("latzero.db-wal");
            try (Connection reader = TestManagers.readOnly(dir.resolve("latzero.db")); Statement s = reader.createStatement()) {
                // A read transaction whose snapshot uses the WAL: a TRUNCATE checkpoint cannot finish while it is open.
                s.execute("BEGIN");
                TestManagers.single(reader, "select count(*) from app_registry");

                AtomicLong longestWrite = new AtomicLong();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService writer = Executors.newSingleThreadExecutor();
                Future<?> writes = writer.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        long start = System.nanoTime();
                        persistence.registerApp("during-" + n, List.of(), List.of(), Map.of());
                        longestWrite.accumulateAndGet(System.nanoTime() - start, Math::max);
                    }
                    return null;
                });
                long start = System.nanoTime();
                try {
                    persistence.createBackup();
                } finally {
                    stop.set(true);
                    writer.shutdown();
                }
                long backupMillis = (System.nanoTime() - start) / 1_000_000;
                writes.get(30, TimeUnit.SECONDS);
                assertThat(backupMillis).as("createBackup with a reader on an old snapshot (busy timeout 5 s)").isLessThan(4_000);
                assertThat(longestWrite.get() / 1_000_000).as("longest write meanwhile, ms").isLessThan(2_000);
                assertThat(Files.size(wal)).as("-wal kept for the reader").isPositive();
                s.execute("COMMIT");
            }
            persistence.createBackup();
            assertThat(Files.size(wal)).as("-wal after the next backup, the reader gone").isZero();
        }
    }
}
