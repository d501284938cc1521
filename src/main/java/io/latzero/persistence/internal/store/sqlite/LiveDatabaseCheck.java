package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.files.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks of a data directory's live database: the full one ({@code integrity_check}, allow-list, version) that
 * {@code initialize()} runs after an unclean shutdown and the CLI's {@code verify} runs on demand, and the count of
 * full checks this process ran (for tests and diagnostics).
 */
public final class LiveDatabaseCheck {
    private LiveDatabaseCheck() {
    }

    /** The inspector of live databases, with the reference schema's triggers and the newest known version. */
    static DatabaseInspector inspector() {
        return new DatabaseInspector(ReferenceSchema.durableTriggers(), ReferenceSchema.durableVersion());
    }

    /**
     * Locks {@code dataDir} and runs the full check on its {@code latzero.db}, which must exist.
     *
     * @return the file's size in bytes
     * @throws StorageException if the directory is in use, or the database is damaged or not one the library opens
     */
    public static long verify(Path dataDir) {
        Path database = dataDir.resolve(DataDirectory.DATABASE_FILE);
        try (DataDirectory locked = DataDirectory.lock(dataDir)) {
            inspector().verifyLive(database, true);
            return Files.size(database);
        } catch (IOException e) {
            throw new StorageException("Cannot read the size of " + database + ": " + e.getMessage(), e);
        }
    }

    /** How many full {@code integrity_check}s of a live database this process ran. */
    public static long fullChecks() {
        return DatabaseInspector.liveIntegrityChecks();
    }
}
