package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File modes from the moment files exist, and what a rotated secret leaves behind.
 * SQLite only: the files it watches are the SQLite database, its WAL and its lock; on PostgreSQL the data and its
 * old copies are in the server's storage.
 */
class FilesAndSecretsIT {
    @TempDir
    Path dir;

    @Test
    void every_file_is_owner_only_from_the_moment_it_exists_even_under_umask_000() throws Exception {
        Path dataDir = dir.resolve("data");
        Map<String, Integer> widest = new ConcurrentHashMap<>();
        AtomicInteger samples = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                sample(dataDir, widest);
                samples.incrementAndGet();
            }
        }, "mode-watcher");
        watcher.start();
        try (ChildJvm child = ChildJvm.startInShell("umask 000", FileModesChild.class, dataDir.toString())) {
            child.await("DONE", Duration.ofSeconds(120));
            done.set(true);
            watcher.join();
            sample(dataDir, widest);
            assertThat(widest).containsKeys("latzero.db", "latzero.db-wal", "latzero.db-shm", ".latzero.lock",
                    "backups/latzero-*.db", "backups/latzero-*.db.sha256");
            Map<String, String> modes = new TreeMap<>();
            widest.forEach((name, mode) -> modes.put(name, Integer.toOctalString(mode)));
            System.out.println("FILE-MODES: umask 000, " + samples + " samples of the data dir while it was written;"
                    + " widest mode seen per file: " + modes);
            widest.forEach((name, mode) -> assertThat(mode).as(name).isEqualTo(name.endsWith("/") ? 0700 : 0600));
        } finally {
            done.set(true);
        }
    }

    /** Records the widest mode seen per file (names normalised: timestamps and UUIDs replaced by {@code *}). */
    private static void sample(Path root, Map<String, Integer> widest) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(p -> {
                try {
                    String name = root.relativize(p).toString().replaceAll("latzero-[0-9T]+\\.[0-9]+Z(_[0-9]+)?", "latzero-*")
                            .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "*");
                    if (name.startsWith("backups/user-copy.db")) {
                        return; // made world-readable by the test itself, to restore from
                    }
                    if (Files.isDirectory(p)) {
                        name = name + "/";
                    }
                    widest.merge(name, TestFiles.mode(p), (a, b) -> a | b);
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof NoSuchFileException)) {
                        throw e;
                    }
                }
            });
        } catch (IOException | UncheckedIOException vanished) {
            // A file was renamed or deleted while listed; the next sample sees the new state.
        }
    }

    @Test
    void a_rotated_secret_leaves_no_copy_in_the_database_or_wal_after_the_next_checkpoint() throws IOException {
        String first = "CANARY-" + UUID.randomUUID();
        String second = "CANARY-" + UUID.randomUUID();
        Path dataDir = dir.resolve("secrets");
        Path db = dataDir.resolve("latzero.db");
        Path backupWithSecret;
        Path backupAfterRotation;
        try (PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir)
                .backupInterval(Duration.ZERO).build())) {
            pm.initialize();
            pm.saveServerConfig("api.token", first);
            for (int i = 0; i < 100; i++) {
                pm.registerApp("app-" + i, null, null, Map.of("i", i));
            }
            backupWithSecret = pm.createBackup();
            pm.saveServerConfig("api.token", second);
            pm.registerApp("between", null, null, Map.of());
            pm.removeServerConfig("api.token");
            assertThat(occurrences(db.resolveSibling("latzero.db-wal"), first) + occurrences(db, first))
                    .as("before the checkpoint the old value is still on disk (why the checkpoint matters)").isPositive();
            backupAfterRotation = pm.createBackup(); // checkpoints and truncates the WAL afterwards
            int live = occurrences(db, first) + occurrences(db, second)
                    + occurrences(db.resolveSibling("latzero.db-wal"), first) + occurrences(db.resolveSibling("latzero.db-wal"), second)
                    + occurrences(db.resolveSibling("latzero.db-shm"), first) + occurrences(db.resolveSibling("latzero.db-shm"), second);
            assertThat(live).as("copies of rotated secrets in db, -wal, -shm after the checkpoint").isZero();
        }
        assertThat(occurrences(db, first) + occurrences(db, second)).as("after shutdown").isZero();
        assertThat(db.resolveSibling("latzero.db-wal")).doesNotExist();
        assertThat(occurrences(backupAfterRotation, first) + occurrences(backupAfterRotation, second))
                .as("a backup taken after the rotation").isZero();
        assertThat(occurrences(backupWithSecret, first)).as("a backup taken while the secret was live keeps it").isPositive();
        System.out.println("SECRETS: value saved, overwritten, removed: 0 copies in latzero.db, -wal, -shm after the"
                + " next backup's checkpoint (wal_checkpoint(TRUNCATE), secure_delete=ON), 0 after shutdown, 0 in a"
                + " backup taken afterwards; a backup taken while it was live keeps it (0600, pruned after maxBackups)");
    }

    private static int occurrences(Path file, String text) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            int count = 0;
            for (int i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + 1)) {
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
