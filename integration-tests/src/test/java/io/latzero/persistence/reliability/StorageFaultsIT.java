package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.event.PersistenceEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up, the data directory is read-only, missing, or held by another process, or its lock was left by a
 * killed one. Mounting and {@code chattr} need root, as CI has; elsewhere these tests fail loudly instead of skipping.
 * SQLite only: the faults hit the data directory that holds the database, which on PostgreSQL lives on the server.
 */
class StorageFaultsIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireRoot() {
        assertThat(TestFiles.run("id", "-u").trim())
                .as("these tests mount a tmpfs and use chattr/bind mounts: run them as root (CI does)").isEqualTo("0");
    }

    private static PersistenceManager manager(Path dataDir) {
        return new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir).backupInterval(Duration.ZERO).build());
    }

    @Test
    void a_full_disk_is_a_storage_exception_loses_nothing_acknowledged_and_passes_once_space_is_back() throws IOException {
        Path mount = dir.resolve("tmpfs");
        Files.createDirectories(mount);
        TestFiles.run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", mount.toString());
        try {
            Path dataDir = mount.resolve("data");
            int acks = 0;
            int failures = 0;
            AtomicInteger events = new AtomicInteger();
            String failure;
            try (PersistenceManager pm = manager(dataDir)) {
                pm.initialize();
                pm.on(PersistenceEvent.class, e -> events.incrementAndGet());
                Path ballast = mount.resolve("ballast");
                fill(ballast);
                shrink(ballast, 320 * 1024); // room for a few writes before it is full again
                Map<String, Object> meta = Map.of("pad", "p".repeat(16_000));
                StorageException full = null;
                for (int i = 0; i < 500 && full == null; i++) {
                    try {
                        pm.registerApp("app-" + i, null, null, meta);
                        acks++;
                    } catch (StorageException e) {
                        full = e;
                        failures++;
                    }
                }
                assertThat(full).as("the disk never filled up").isNotNull();
                failure = full.getMessage();
                assertThat(events.get()).as("no event for the failed write").isEqualTo(acks);
                // A few more attempts while full: each fails cleanly and writes nothing.
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    assertThatThrownBy(() -> pm.registerApp("late-" + n, null, null, meta)).isInstanceOf(StorageException.class);
                    failures++;
                }
                Files.delete(ballast);
                pm.registerApp("after-space-is-back", null, null, meta);
                assertThat(pm.getAllApps()).hasSize(acks + 1);
                assertThat(events.get()).isEqualTo(acks + 1);
            }
            assertThat(RawSqlite.integrityCheck(dataDir.resolve("latzero.db"))).isEqualTo("ok");
            try (PersistenceManager pm = manager(dataDir)) {
                pm.initialize();
                assertThat(pm.getAllApps()).as("every acknowledged write after reopening").hasSize(acks + 1);
            }
            System.out.println("DISK-FULL: tmpfs 2 MiB, " + acks + " acks before full, " + failures + " StorageExceptions"
                    + " (\"" + failure.lines().findFirst().orElse("") + "\"), 0 events for them, after freeing space "
                    + "writes pass, reopen: integrity ok, " + (acks + 1) + "/" + (acks + 1) + " acknowledged rows present");
        } finally {
            TestFiles.run("umount", "-l", mount.toString());
        }
    }

    private static void shrink(Path file, long bytes) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }

    /** Fills the file system with one file until it is full. */
    private static void fill(Path ballast) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            // ENOSPC: the file system is full now.
        }
    }

    @Test
    void an_immutable_data_directory_is_refused_naming_the_path() throws IOException {
        Path dataDir = dir.resolve("immutable");
        Files.createDirectories(dataDir);
        TestFiles.run("chattr", "+i", dataDir.toString());
        try (PersistenceManager pm = manager(dataDir)) {
            assertThatThrownBy(pm::initialize).isInstanceOf(StorageException.class).hasMessageContaining(dataDir.toString());
        } finally {
            TestFiles.run("chattr", "-i", dataDir.toString());
        }
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("nothing written").isEmpty();
        }
    }

    @Test
    void an_immutable_database_file_is_refused_naming_the_path() {
        Path dataDir = dir.resolve("immutable-db");
        try (PersistenceManager pm = manager(dataDir)) {
            pm.initialize();
            pm.registerApp("kept", null, null, Map.of());
        }
        Path db = dataDir.resolve("latzero.db");
        String before = TestFiles.sha256(db);
        TestFiles.run("chattr", "+i", db.toString());
        try (PersistenceManager pm = manager(dataDir)) {
            assertThatThrownBy(() -> {
                pm.initialize();
                pm.registerApp("new", null, null, Map.of());
            }).isInstanceOf(StorageException.class).hasMessageContaining(db.toString());
        } finally {
            TestFiles.run("chattr", "-i", db.toString());
        }
        assertThat(TestFiles.sha256(db)).isEqualTo(before);
    }

    @Test
    void a_read_only_mount_is_refused_naming_the_path() {
        Path dataDir = dir.resolve("ro");
        try (PersistenceManager pm = manager(dataDir)) {
            pm.initialize();
            pm.registerApp("kept", null, null, Map.of());
        }
        TestFiles.run("mount", "--bind", dataDir.toString(), dataDir.toString());
        try {
            TestFiles.run("mount", "-o", "remount,bind,ro", dataDir.toString());
            try (PersistenceManager pm = manager(dataDir)) {
                assertThatThrownBy(pm::initialize).isInstanceOf(StorageException.class)
                        .hasMessageContaining(dataDir.toString());
            }
        } finally {
            TestFiles.run("umount", dataDir.toString());
        }
        System.out.println("READ-ONLY: immutable dir, immutable db file and read-only bind mount each refused with a"
                + " StorageException naming the path; nothing written");
    }

    @Test
    void a_data_directory_that_cannot_exist_is_refused_naming_the_path() throws IOException {
        Path file = Files.createFile(dir.resolve("a-file"));
        Path dataDir = file.resolve("data");
        try (PersistenceManager pm = manager(dataDir)) {
            assertThatThrownBy(pm::initialize).isInstanceOf(StorageException.class).hasMessageContaining(dataDir.toString());
        }
    }

    @Test
    void a_directory_held_by_another_process_is_refused_and_its_stale_lock_taken_over_after_a_kill() {
        Path dataDir = dir.resolve("held");
        long pid;
        try (ChildJvm holder = ChildJvm.start(DirHolder.class, dataDir.toString())) {
            holder.await("READY", Duration.ofSeconds(60));
            pid = holder.pid();
            try (PersistenceManager pm = manager(dataDir)) {
                assertThatThrownBy(pm::initialize).isInstanceOf(StorageException.class)
                        .hasMessageContaining(dataDir.toString())
                        .hasMessageContaining("in use by another process")
                        .hasMessageContaining("pid " + pid);
            }
            holder.kill();
        }
        assertThat(dataDir.resolve(".latzero.lock")).as("the killed holder's lock file is left behind").exists();
        try (PersistenceManager pm = manager(dataDir)) {
            pm.initialize();
            assertThat(pm.getAllApps()).extracting(a -> a.appId()).isEqualTo(List.of("held"));
        }
        System.out.println("DIR-LOCK: held by pid " + pid + " -> refused naming dir and pid; after SIGKILL the stale lock"
                + " is taken over and the holder's committed write is there");
    }
}
