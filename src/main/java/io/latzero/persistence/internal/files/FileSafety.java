package io.latzero.persistence.internal.files;

import io.latzero.persistence.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.function.Function;

/** Owner-only files and directories, and fsync of files and directories, where the file system supports it. */
public final class FileSafety {
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private FileSafety() {
    }

    /** Creates {@code dir} (and parents) if missing and makes it 0700. */
    public static Path ownerOnlyDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (POSIX) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (POSIX) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            return dir;
        } catch (IOException e) {
            throw new StorageException("Cannot create the directory " + dir + " (owner-only): " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code file} empty with mode 0600 if it does not exist, so files SQLite derives from it
     * ({@code -wal}, {@code -shm}) are 0600 too; an existing file is made 0600.
     */
    public static Path ownerOnlyFile(Path file) {
        try {
            try {
                if (POSIX) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException exists) {
                if (POSIX) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            return file;
        } catch (IOException e) {
            throw new StorageException("Cannot create " + file + " (mode 0600): " + e.getMessage(), e);
        }
    }

    /** Forces a file's content to disk. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory entry change (create, rename, delete) to disk; a no-op where directories cannot be opened. */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Not every platform lets a directory be opened; the rename itself is still atomic there.
        }
    }

    /**
     * Lets {@code writer} fill a 0600 temporary file beside {@code target}, syncs it and renames it over
     * {@code target}, so {@code target} is either as before or complete. The temporary is deleted if anything fails.
     */
    public static <T> T writeAtomically(Path target, Function<Path, T> writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID() + "-" + target.getFileName());
        try {
            ownerOnlyFile(tmp);
            T result = writer.apply(tmp);
            fsync(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
            return result;
        } catch (IOException e) {
            throw new StorageException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Only a leftover .tmp file; nothing refers to it.
            }
        }
    }
}
