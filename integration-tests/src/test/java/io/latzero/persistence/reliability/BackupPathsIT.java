package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile paths given to {@code restoreBackup}: refused with {@link InvalidInputException} before any file is opened.
 * Every target that exists is a FIFO: opening one for reading would block, so a path that got as far as an open
 * fails the test by timing out instead of passing.
 * SQLite only: the path checks belong to the backup store, which is the same code on every backend (the contract
 * suite checks the plain refusals on PostgreSQL too).
 */
class BackupPathsIT {
    @TempDir
    Path dir;

    @Test
    void hostile_restore_paths_are_rejected_before_any_file_is_opened() throws IOException {
        Path dataDir = dir.resolve("data");
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        try (PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir)
                .backupInterval(Duration.ZERO).build())) {
            pm.initialize();
            pm.registerApp("live", null, null, Map.of());
            Path backups = dataDir.resolve("backups");
            Files.createDirectories(backups);
            Path outsideFifo = fifo(outside.resolve("evil.db"));
            TestFiles.write(outside.resolve("evil.db.sha256"), "0  evil.db\n");
            Files.createSymbolicLink(backups.resolve("link.db"), outsideFifo);
            fifo(backups.resolve("fifo.db"));
            Files.createDirectories(backups.resolve("folder.db"));

            Map<String, Path> hostile = new LinkedHashMap<>();
            hostile.put("parent escape", Path.of("../outside/evil.db"));
            hostile.put("nested escape", Path.of("x/../../../outside/evil.db"));
            hostile.put("absolute outside", outsideFifo);
            hostile.put("absolute system file", Path.of("/etc/passwd"));
            hostile.put("file: URI", Path.of("file:" + backups.resolve("fifo.db")));
            hostile.put("file: URI with mode", Path.of("file:evil.db?mode=memory"));
            hostile.put("symlink to outside", backups.resolve("link.db"));
            hostile.put("fifo inside", backups.resolve("fifo.db"));
            hostile.put("directory", backups.resolve("folder.db"));
            hostile.put("300-char name", Path.of("a".repeat(300) + ".db"));
            hostile.put("unicode lookalike", Path.of("latzero\u20102026.db"));
            hostile.put("no .db suffix", Path.of("latzero-20260101T000000.000Z"));
            hostile.put("quote and semicolon", Path.of("x'; drop table app_registry;--.db"));
            hostile.put("backups dir itself", backups);
            for (Map.Entry<String, Path> entry : hostile.entrySet()) {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                        assertThatThrownBy(() -> pm.restoreBackup(entry.getValue())).as(entry.getKey())
                                .isInstanceOf(InvalidInputException.class), entry.getKey() + " opened a file");
            }
            assertThatThrownBy(() -> pm.restoreBackup(null)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> Path.of("x\u0000.db")).as("NUL never reaches the API: no Path can hold it")
                    .isInstanceOf(InvalidPathException.class);
            assertThat(pm.getApp("live")).isPresent();
            assertThat(pm.listBackups()).as("nothing restored, no safety backup taken").isEmpty();
            System.out.println("BACKUP-PATHS: " + (hostile.size() + 1) + "/" + (hostile.size() + 1) + " hostile restore"
                    + " paths rejected with InvalidInputException before opening a file (FIFO targets never blocked);"
                    + " NUL is refused by java.nio.file.Path itself");
        }
    }

    private static Path fifo(Path path) {
        TestFiles.run("mkfifo", path.toString());
        return path;
    }

    @Test
    void a_plain_backup_name_still_restores() {
        try (PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dir.resolve("d"))
                .backupInterval(Duration.ZERO).build())) {
            pm.initialize();
            pm.registerApp("kept", null, null, Map.of());
            Path backup = pm.createBackup();
            pm.registerApp("dropped", null, null, Map.of());
            pm.restoreBackup(backup.getFileName());
            assertThat(pm.getAllApps()).extracting(a -> a.appId()).isEqualTo(List.of("kept"));
        }
    }
}
