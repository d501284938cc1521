package io.latzero.persistence.backup.internal;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.files.FileSafety;
import io.latzero.persistence.internal.store.DurableStore;
import io.latzero.persistence.internal.tx.TransactionRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * Backups of the durable store in {@code <dataDir>/backups}: taking one (the store's snapshot, verified and
 * checksummed), listing them, and restoring one (verified, the current state saved first, then the store's restore).
 */
public final class BackupService {
    private static final System.Logger LOG = System.getLogger(BackupService.class.getName());

    private final PersistenceConfig config;
    private final DurableStore store;
    private final TransactionRunner tx;
    private BackupStore backups;

    public BackupService(PersistenceConfig config, DurableStore store, TransactionRunner tx) {
        this.config = config;
        this.store = store;
        this.tx = tx;
    }

    /** The backups directory and its files; creates the directory (0700) on first use. */
    public synchronized BackupStore backups() {
        if (backups == null) {
            backups = new BackupStore(FileSafety.ownerOnlyDirectory(directory()),
                    config.maxBackups(), store.backupExtension());
        }
        return backups;
    }

    /** Takes a verified backup and returns its path. */
    public Path create() {
        Path created = backups().create(file -> store.snapshotInto(file, tx), store::verifyBackup);
        store.afterBackup(tx);
        return created;
    }

    /** Backups, newest first; none (and no directory created) where none was ever taken. */
    public List<Path> list() {
        return Files.isDirectory(directory()) ? backups().list() : List.of();
    }

    private Path directory() {
        return config.dataDir().resolve("backups");
    }

    /**
     * Restores {@code backup} (a file in the backups directory): verifies it, saves the current state as a backup,
     * then has the store replace its content. If the store is left closed, the failure says so and where the state
     * before it was saved.
     */
    public void restore(Path backup) {
        Path source = backups().resolveForRestore(backup);
        store.verifyBackup(source);
        // Work on a private copy: the safety backup below may prune the source (it may be the oldest kept).
        Path staged = stage(source);
        try {
            Path safety = create();
            LOG.log(Level.INFO, "Saved the current database as " + safety + " before restoring " + source);
            try {
                store.restore(staged, tx);
            } catch (RuntimeException e) {
                if (store.database() != null) {
                    throw e;
                }
                throw new StorageException("Restoring " + source + " failed and this manager was shut down;"
                        + " the database before it was saved as " + safety + ": " + e.getMessage(), e);
            }
        } finally {
            deleteQuietly(staged);
        }
    }

    /**
     * A fsynced 0600 copy of {@code source} in the backups directory: on the data directory's file system, so a
     * rename is atomic, and where start-up sweeps {@code .tmp-*} left by a restore that was killed.
     */
    private Path stage(Path source) {
        Path staged = backups().directory().resolve(".tmp-restore-" + UUID.randomUUID() + store.backupExtension());
        try {
            // Into the file created 0600, not Files.copy: that recreates the target with the source's mode.
            FileSafety.ownerOnlyFile(staged);
            try (InputStream in = Files.newInputStream(source);
                 OutputStream out = Files.newOutputStream(staged, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            FileSafety.fsync(staged);
            return staged;
        } catch (IOException e) {
            deleteQuietly(staged);
            throw new StorageException("Cannot copy " + source + " for restoring: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover .tmp file is harmless and swept at the next start.
        }
    }
}
