package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.files.FileSafety;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code .latzero.clean} in the data directory: written (synced, renamed into place) only after a clean close, once
 * SQLite has checkpointed and removed its {@code -wal}, and describing the database file as it was left: size,
 * modification time, file identity and a SHA-256 of its 100-byte header. {@link #consume} deletes it (durably)
 * before the database is opened for writing, so a process that dies while the database is open leaves none, and
 * the next open runs the full {@code integrity_check}. A marker whose description no longer matches the file (the
 * file was replaced, copied over, edited or truncated while closed) counts as missing.
 */
final class CleanShutdownMarker {
    static final String FILE = ".latzero.clean";
    private static final String TEMPORARY = FILE + ".tmp";
    private static final String FORMAT = "latzero clean shutdown 1";
    private static final int HEADER_BYTES = 100;
    private static final System.Logger LOG = System.getLogger(CleanShutdownMarker.class.getName());

    private final Path dir;
    private final Path database;

    CleanShutdownMarker(Path dir, Path database) {
        this.dir = dir;
        this.database = database;
    }

    /**
     * Whether the database was closed cleanly and not touched since: the marker exists, describes the file exactly,
     * and no {@code -wal} or {@code -journal} with content is beside it (a crash's leftovers, or another writer's).
     * Then removes the marker and syncs the directory, so it cannot outlive this open.
     *
     * @throws StorageException if the marker cannot be removed (the open must not go on with it in place)
     */
    boolean consume() {
        Path marker = dir.resolve(FILE);
        boolean clean;
        try {
            clean = Files.readString(marker, StandardCharsets.UTF_8).equals(describe())
                    && !hasContent(sibling("-wal")) && !hasContent(sibling("-journal"));
        } catch (NoSuchFileException e) {
            clean = false;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "Cannot read the clean-shutdown marker in " + dir, e);
            clean = false;
        }
        try {
            boolean removed = Files.deleteIfExists(marker) | Files.deleteIfExists(dir.resolve(TEMPORARY));
            if (removed) {
                FileSafety.fsyncDirectory(dir);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot remove the clean-shutdown marker " + marker + ": " + e.getMessage(), e);
        }
        return clean;
    }

    /**
     * Records that the database was closed cleanly, if it was: nothing is written when a {@code -wal} or
     * {@code -journal} with content is left (SQLite could not finish its checkpoint), so the next open checks. A
     * failure is logged and leaves no marker, which only costs the next open a full check.
     */
    void write() {
        try {
            if (!Files.isRegularFile(database) || hasContent(sibling("-wal")) || hasContent(sibling("-journal"))) {
                return;
            }
            Path temporary = FileSafety.ownerOnlyFile(dir.resolve(TEMPORARY));
            Files.writeString(temporary, describe(), StandardCharsets.UTF_8);
            FileSafety.fsync(temporary);
            Files.move(temporary, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileSafety.fsyncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot write the clean-shutdown marker in " + dir
                    + "; the next start runs a full integrity_check", e);
        }
    }

    /** The database file as the marker describes it. */
    private String describe() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(database, BasicFileAttributes.class);
        byte[] header = new byte[HEADER_BYTES];
        int read = 0;
        try (InputStream in = Files.newInputStream(database)) {
            for (int n; read < HEADER_BYTES && (n = in.read(header, read, HEADER_BYTES - read)) > 0; ) {
                read += n;
            }
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update(header, 0, read);
        return FORMAT + "\nsize=" + attributes.size()
                + "\nmodified=" + attributes.lastModifiedTime().toInstant()
                + "\nfile=" + attributes.fileKey()
                + "\nheader=" + HexFormat.of().formatHex(sha256.digest()) + "\n";
    }

    private Path sibling(String suffix) {
        return database.resolveSibling(database.getFileName() + suffix);
    }

    private static boolean hasContent(Path file) throws IOException {
        try {
            return Files.size(file) > 0;
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
