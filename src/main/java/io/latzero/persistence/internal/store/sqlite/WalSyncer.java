package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.internal.files.FileSafety;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durability window of {@code synchronous=NORMAL} in WAL mode, where SQLite syncs nothing when a commit returns,
 * only at checkpoints. A daemon thread ({@value #THREAD}) wakes every half window and, only if a commit was
 * {@linkplain #committed() reported} since its last sync, syncs the WAL: so a commit's frames are on stable storage
 * at most a window after it returned, as long as a sync takes less than half a window. A slower sync stretches
 * that bound: it is counted, its length kept, and the first one logged. Idle, it does nothing; {@link #close()}
 * syncs what is left. A failed sync is logged, counted and kept for {@link #status()}; the next wake tries again.
 */
public final class WalSyncer implements AutoCloseable {
    static final String THREAD = "latzero-wal-sync";
    private static final System.Logger LOG = System.getLogger(WalSyncer.class.getName());

    /** Makes every frame written to the WAL so far durable. */
    @FunctionalInterface
    public interface Sync {
        void sync() throws IOException;
    }

    /**
     * What the syncer has done.
     *
     * @param window      the window in force
     * @param syncs       successful syncs
     * @param failures    failed syncs
     * @param lastFailure what the last failed sync reported, or null if none failed
     * @param longestSync the longest successful sync so far, or null if none ran
     * @param slowSyncs   successful syncs that took longer than half the window, so that the commits they covered
     *                    were made durable later than a window after they returned
     */
    public record Status(Duration window, long syncs, long failures, String lastFailure, Duration longestSync,
                         long slowSyncs) {
        /** The status where no window is in force. */
        public static final Status NONE = new Status(null, 0, 0, null, null, 0);
    }

    private final Duration window;
    private final Sync sync;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong slowSyncs = new AtomicLong();
    private volatile long longestSyncNanos = -1;
    private final Object syncing = new Object();
    /** The commit count the last successful sync covered; guarded by {@link #syncing}. */
    private long synced;
    private boolean failing;
    private volatile String lastFailure;
    private final PeriodicDaemon daemon;

    /** A syncer of {@code sync} every half {@code window} (positive), not running until {@link #start()}. */
    public WalSyncer(Duration window, Sync sync) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.window = window;
        this.sync = Objects.requireNonNull(sync, "sync");
        this.daemon = new PeriodicDaemon(THREAD, window.dividedBy(2), this::syncIfCommitted);
    }

    /**
     * The fsync of {@code <databaseFile>-wal}. On Linux an fsync covers the file, not the descriptor, so a descriptor
     * of our own makes every frame SQLite has written durable. The first sync of each new WAL file also syncs the
     * directory, so that the file's name survives too. No WAL file means nothing to sync: SQLite removes it only
     * after checkpointing it into the database and syncing that.
     */
    public static Sync walFileOf(Path databaseFile) {
        return new WalFile(databaseFile.resolveSibling(databaseFile.getFileName() + "-wal"));
    }

    /** The fsync of one WAL path, remembering which file (inode) it last synced the directory entry of. */
    private static final class WalFile implements Sync {
        private final Path wal;
        private Object directorySyncedFor;

        private WalFile(Path wal) {
            this.wal = wal;
        }

        @Override
        public void sync() throws IOException {
            Object file;
            try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
                channel.force(false);
                file = Files.readAttributes(wal, BasicFileAttributes.class).fileKey();
            } catch (NoSuchFileException e) {
                return;
            }
            if (file == null || !file.equals(directorySyncedFor)) {
                FileSafety.fsyncDirectory(wal.getParent());
                directorySyncedFor = file;
            }
        }
    }

    /** A durable commit returned. Cheap: called for every commit. */
    public void committed() {
        commits.incrementAndGet();
    }

    /** Starts the thread; a no-op if it runs. */
    public void start() {
        daemon.start();
    }

    /** Stops the thread (letting a sync under way finish), then syncs what the last commits left unsynced. */
    @Override
    public void close() {
        daemon.stop();
        syncIfCommitted();
    }

    /** Syncs if a commit was reported since the last successful sync; whether it synced. */
    boolean syncIfCommitted() {
        synchronized (syncing) {
            // Read before syncing: every commit counted so far has written its frames, so this sync covers them.
            long seen = commits.get();
            if (seen == synced) {
                return false;
            }
            long started = System.nanoTime();
            try {
                sync.sync();
            } catch (IOException | RuntimeException e) {
                failed(e);
                return false;
            }
            took(System.nanoTime() - started);
            synced = seen;
            syncs.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.log(Level.WARNING, "Syncing the write-ahead log works again after " + failures.get() + " failures");
            }
            return true;
        }
    }

    /** Keeps the longest sync, and counts (and logs the first of) those slower than half the window. */
    private void took(long nanos) {
        if (nanos > longestSyncNanos) {
            longestSyncNanos = nanos;
        }
        if (nanos > window.toNanos() / 2 && slowSyncs.getAndIncrement() == 0) {
            LOG.log(Level.WARNING, "Syncing the write-ahead log took " + Duration.ofNanos(nanos).toMillis()
                    + " ms, more than half the " + window.toMillis() + " ms durability window: commits may stay"
                    + " unsynced for longer than the window (counted in the stats' slowWalSyncs)");
        }
    }

    private void failed(Exception e) {
        failures.incrementAndGet();
        lastFailure = "Syncing the write-ahead log failed: " + e;
        if (!failing) {
            failing = true;
            LOG.log(Level.ERROR, lastFailure + "; commits since the last good sync may not survive a power loss", e);
        } else {
            LOG.log(Level.DEBUG, lastFailure);
        }
    }

    public Status status() {
        long longest = longestSyncNanos;
        return new Status(window, syncs.get(), failures.get(), lastFailure,
                longest < 0 ? null : Duration.ofNanos(longest), slowSyncs.get());
    }
}
