package io.latzero.persistence.backup.internal;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.files.FileSafety;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The backups directory: each backup {@code latzero-<UTC timestamp>.db} (or {@code .ndjson}) comes with a {@code .sha256} file and
 * only ever appears under its final name complete, fsynced and verified. Half-written files are
 * {@code .tmp-*} and are swept at start.
 */
public final class BackupStore {
    private static final System.Logger LOG = System.getLogger(BackupStore.class.getName());
    /** Extension of SQLite database copies. */
    public static final String DATABASE_COPY = ".db";
    /** Extension of portable NDJSON exports (the backups of a server database). */
    public static final String NDJSON_EXPORT = ".ndjson";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String CHECKSUM_SUFFIX = ".sha256";

    private final Path dir;
    private final int maxBackups;
    private final String extension;
    private final Pattern backupName;
    private final Pattern safeName;

    /** Backups of SQLite database copies. */
    public BackupStore(Path dir, int maxBackups) {
        this(dir, maxBackups, DATABASE_COPY);
    }

    /** Backups whose files end in {@code extension} ({@link #DATABASE_COPY} or {@link #NDJSON_EXPORT}). */
    public BackupStore(Path dir, int maxBackups, String extension) {
        this.dir = dir;
        this.maxBackups = maxBackups;
        this.extension = extension;
        this.backupName = Pattern.compile("latzero-[0-9TZ._]{1,64}" + Pattern.quote(extension));
        this.safeName = Pattern.compile("[A-Za-z0-9._-]{1,128}" + Pattern.quote(extension));
    }

    public Path directory() {
        return dir;
    }

    /**
     * Deletes temporaries left by an interrupted backup or restore, and checksum files whose backup never got its
     * final name (a backup killed between its two renames).
     */
    public void sweepTemporaries() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".tmp-*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            try (DirectoryStream<Path> sums = Files.newDirectoryStream(dir, "latzero-*.db" + CHECKSUM_SUFFIX)) {
                for (Path sum : sums) {
                    String name = sum.getFileName().toString();
                    if (!Files.exists(sum.resolveSibling(name.substring(0, name.length() - CHECKSUM_SUFFIX.length())))) {
                        Files.deleteIfExists(sum);
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not sweep temporary files in " + dir, e);
        }
    }

    /**
     * Writes a new backup: {@code writer} fills an empty 0600 temporary file (e.g. with SQLite's backup API), which is
     * fsynced, checked by {@code verifier} (which throws if it is unusable), checksummed and renamed into place; then
     * old backups beyond {@code maxBackups} are pruned.
     */
    public Path create(Consumer<Path> writer, Consumer<Path> verifier) {
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID() + extension);
        try {
            Files.deleteIfExists(tmp);
            FileSafety.ownerOnlyFile(tmp);
            try (WriteBack ignored = new WriteBack(tmp)) {
                writer.accept(tmp);
            }
            FileSafety.fsync(tmp);
            verifier.accept(tmp);
            Path target = uniqueTarget();
            Path checksumTmp = dir.resolve(".tmp-" + UUID.randomUUID() + CHECKSUM_SUFFIX);
            FileSafety.ownerOnlyFile(checksumTmp);
            Files.writeString(checksumTmp, sha256(tmp) + "  " + target.getFileName() + "\n", StandardCharsets.UTF_8);
            FileSafety.fsync(checksumTmp);
            Files.move(checksumTmp, checksumOf(target), StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            FileSafety.fsyncDirectory(dir);
            prune();
            return target;
        } catch (IOException e) {
            throw new StorageException("Backup into " + dir + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Swept at the next start.
            }
        }
    }

    /** Backups, newest first. */
    public List<Path> list() {
        List<Path> backups = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "latzero-*" + extension)) {
            for (Path f : files) {
                if (backupName.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    backups.add(f);
                }
            }
        } catch (IOException e) {
            throw new StorageException("Cannot list backups in " + dir + ": " + e.getMessage(), e);
        }
        backups.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return backups;
    }

    /**
     * Checks a path given for restore before any file is opened: a plain name or a path inside the backups
     * directory, no symbolic link, a safe file name; then its checksum.
     *
     * @return the backup's real path
     * @throws InvalidInputException if the path is not an acceptable backup location
     * @throws StorageException      if the checksum is missing or does not match
     */
    public Path resolveForRestore(Path candidate) {
        if (candidate == null) {
            throw new InvalidInputException("backup", "must not be null");
        }
        String text = candidate.toString();
        if (text.indexOf('\0') >= 0 || text.regionMatches(true, 0, "file:", 0, 5)) {
            throw new InvalidInputException("backup", "must be a plain file path, was '" + text.replace('\0', '?') + "'");
        }
        Path resolved = candidate.isAbsolute() ? candidate.normalize() : dir.resolve(candidate).normalize();
        String name = resolved.getFileName() == null ? "" : resolved.getFileName().toString();
        if (!safeName.matcher(name).matches()) {
            throw new InvalidInputException("backup", "'" + name + "' is not a backup file name (letters, digits, . _ - and " + extension + ")");
        }
        if (!dir.equals(resolved.getParent())) {
            throw new InvalidInputException("backup", resolved + " is not inside the backups directory " + dir);
        }
        if (Files.isSymbolicLink(resolved)) {
            throw new InvalidInputException("backup", resolved + " is a symbolic link; backups are plain files");
        }
        if (!Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("backup", resolved + " does not exist or is not a regular file");
        }
        verifyChecksum(resolved);
        return resolved;
    }

    private void verifyChecksum(Path backup) {
        Path sidecar = checksumOf(backup);
        try {
            if (!Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
                throw new StorageException("Refusing " + backup + ": its checksum file " + sidecar.getFileName()
                        + " is missing. Nothing was changed; restore the newest good backup instead.");
            }
            String expected = Files.readString(sidecar, StandardCharsets.UTF_8).trim().split("\\s+")[0];
            if (!expected.equalsIgnoreCase(sha256(backup))) {
                throw new StorageException("Refusing " + backup + ": its content does not match its checksum (altered"
                        + " or damaged). Nothing was changed; restore the newest good backup instead.");
            }
        } catch (IOException e) {
            throw new StorageException("Cannot read the checksum of " + backup + ": " + e.getMessage(), e);
        }
    }

    private Path uniqueTarget() {
        String stamp = STAMP.format(Instant.now());
        Path target = dir.resolve("latzero-" + stamp + extension);
        for (int i = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) {
            target = dir.resolve("latzero-" + stamp + "_" + i + extension);
        }
        return target;
    }

    private void prune() {
        List<Path> backups = list();
        for (Path old : backups.subList(Math.min(maxBackups, backups.size()), backups.size())) {
            try {
                // The backup before its checksum: a kill in between leaves an orphan checksum (swept at start), never
                // a backup under its final name without one.
                Files.deleteIfExists(old);
                Files.deleteIfExists(checksumOf(old));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not prune old backup " + old, e);
            }
        }
    }

    private static Path checksumOf(Path backup) {
        return backup.resolveSibling(backup.getFileName() + CHECKSUM_SUFFIX);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Writes the backup's pages to disk while it is being written, a mebibyte at a time, instead of leaving tens of
     * megabytes for one fsync at the end: on ext4 (and most journaling file systems) a writer's commit fsync may wait
     * for that whole flush, which made the writer's longest write during a backup ~70 ms. Syncing from a second file
     * descriptor flushes the pages SQLite (or the exporter) wrote through its own; the descriptor stays open until the
     * writer is done, so closing it cannot drop SQLite's POSIX locks on the file while SQLite has it open.
     */
    private static final class WriteBack implements AutoCloseable {
        private static final long STEP_BYTES = 1 << 20;
        private static final long POLL_NANOS = 1_000_000;

        private final FileChannel channel;
        private final Thread thread;
        private volatile boolean running = true;

        WriteBack(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            thread = new Thread(this::run, "latzero-backup-writeback");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            long synced = 0;
            try {
                while (running) {
                    long size = channel.size();
                    if (size - synced >= STEP_BYTES) {
                        channel.force(false);
                        synced = size;
                    } else {
                        LockSupport.parkNanos(POLL_NANOS);
                    }
                }
            } catch (IOException e) {
                // The backup's own fsync, after the copy, reports a failing disk.
                LOG.log(Level.DEBUG, "Writing the backup back early failed: " + e.getMessage());
            }
        }

        @Override
        public void close() throws IOException {
            running = false;
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            channel.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
