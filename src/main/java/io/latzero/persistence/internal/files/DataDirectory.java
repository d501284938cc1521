package io.latzero.persistence.internal.files;

import io.latzero.persistence.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory, held exclusively by this process through a lock on {@code .latzero.lock} (never on the
 * database file: closing any descriptor of it would drop SQLite's own locks). The lock dies with its process,
 * so a lock left by a killed process is simply taken over.
 */
public final class DataDirectory implements AutoCloseable {
    public static final String DATABASE_FILE = "latzero.db";
    private static final String LOCK_FILE = ".latzero.lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory (0700) if needed and locks it.
     *
     * @throws StorageException naming the directory if it cannot be created or written, or naming the process
     *                          that holds it
     */
    public static DataDirectory lock(Path dir) {
        FileSafety.ownerOnlyDirectory(dir);
        if (!Files.isWritable(dir)) {
            throw new StorageException("The data directory " + dir + " is not writable by this process");
        }
        Path lockFile = FileSafety.ownerOnlyFile(dir.resolve(LOCK_FILE));
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new StorageException("The data directory " + dir + " is in use by another process ("
                        + (holder.isEmpty() ? "unknown pid" : holder) + "); stop it or choose another data directory");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new DataDirectory(dir, channel, lock);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StorageException("The data directory " + dir + " is in use by another PersistenceManager of this"
                    + " process (pid " + ProcessHandle.current().pid() + "); close it first or choose another data directory", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("Cannot lock the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return dir;
    }

    /** The durable database file, created empty with mode 0600 if missing. */
    public Path databaseFile() {
        return FileSafety.ownerOnlyFile(dir.resolve(DATABASE_FILE));
    }

    /** The backups directory (0700), created if missing. */
    public Path backupsDir() {
        return FileSafety.ownerOnlyDirectory(dir.resolve("backups"));
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
