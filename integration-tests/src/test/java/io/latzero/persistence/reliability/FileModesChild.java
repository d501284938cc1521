package io.latzero.persistence.reliability;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * Child JVM of {@link FilesAndSecretsIT}, run under {@code umask 000}: creates every kind of file the library writes
 * (database, WAL, SHM, lock, backups, checksums, temporaries, a restore from a backup made world-readable), prints
 * {@code DONE} and keeps the database open until killed. Args: data dir.
 */
public final class FileModesChild {
    private FileModesChild() {
    }

    public static void main(String[] args) throws Exception {
        PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(Path.of(args[0]))
                .backupInterval(Duration.ZERO).maxBackups(2).build());
        pm.initialize();
        for (int i = 0; i < 50; i++) {
            pm.registerApp("app-" + i, null, null, Map.of("i", i));
            pm.saveServerConfig("key-" + i, "value-" + i);
        }
        Path backup = pm.createBackup();
        pm.createBackup();
        // A copy an operator made world-readable: restoring it must not make the live database world-readable.
        Path userCopy = backup.resolveSibling("user-copy.db");
        Files.copy(backup, userCopy);
        Files.setPosixFilePermissions(userCopy, PosixFilePermissions.fromString("rw-r--r--"));
        TestFiles.writeChecksum(userCopy);
        pm.restoreBackup(userCopy);
        pm.createBackup();
        pm.registerApp("after-restore", null, null, Map.of());
        System.out.println("DONE");
        Thread.sleep(Long.MAX_VALUE);
    }
}
