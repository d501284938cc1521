package io.latzero.persistence.internal.store.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Takes WAL checkpoints off the commit path. SQLite's automatic checkpoint runs in the connection whose commit
 * pushed the WAL past {@code wal_autocheckpoint} pages, before that commit returns, and here under the write lock:
 * every writer waited while the pages were copied into the database and both files were synced. A daemon thread
 * ({@value #THREAD}) now runs a {@code PASSIVE} checkpoint next to the writers (a checkpoint does not take SQLite's
 * write lock) about as often as SQLite would: once {@value #COMMITS_PER_CHECKPOINT} commits were
 * {@linkplain #committed() reported} since the last one (about 1,000 pages at a few pages a commit), and at the
 * latest a second after a commit, so a light writer's WAL stays small too. The automatic checkpoint stays as a
 * backstop at {@value #BACKSTOP_PAGES} pages: under a steady stream of commits a background checkpoint never catches
 * the WAL's very end, so SQLite cannot start the file over; the backstop then finishes the job with little left to
 * copy. Idle, the thread does nothing. A failed checkpoint is logged (the first at WARNING) and retried when next
 * due; nothing depends on it but the WAL's size.
 */
public final class WalCheckpointer implements AutoCloseable {
    static final String THREAD = "latzero-checkpoint";
    /** {@code wal_autocheckpoint} of the durable file's connections; SQLite's default is 1,000. */
    public static final int BACKSTOP_PAGES = 4_000;
    /** Commits after which a checkpoint is due. */
    public static final int COMMITS_PER_CHECKPOINT = 250;
    /** How long after a commit a checkpoint is due at the latest. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(1);
    /** How often the thread looks whether a checkpoint is due. */
    static final Duration TICK = Duration.ofMillis(50);
    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());

    private final Supplier<DataSource> dataSource;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final int commitsPerCheckpoint;
    private final long maxDelayNanos;
    /** The commit count the last checkpoint covered, and when it ran; guarded by this. */
    private long covered;
    private long lastRun = System.nanoTime();
    private boolean failing;
    private final PeriodicDaemon daemon;

    /** The store's checkpointer of the database {@code dataSource} gives at each run (null: none open now). */
    public WalCheckpointer(Supplier<DataSource> dataSource) {
        this(dataSource, TICK, COMMITS_PER_CHECKPOINT, MAX_DELAY);
    }

    WalCheckpointer(Supplier<DataSource> dataSource, Duration tick, int commitsPerCheckpoint, Duration maxDelay) {
        this.dataSource = dataSource;
        this.commitsPerCheckpoint = commitsPerCheckpoint;
        this.maxDelayNanos = maxDelay.toNanos();
        this.daemon = new PeriodicDaemon(THREAD, tick, this::checkpointIfDue);
    }

    /** A commit returned. Cheap: called for every commit. */
    public void committed() {
        commits.incrementAndGet();
    }

    /** Checkpoints run so far. */
    public long checkpoints() {
        return checkpoints.get();
    }

    /** Starts the thread; a no-op if it runs. */
    public void start() {
        daemon.start();
    }

    /** Stops the thread, letting a checkpoint under way finish (SQLite checkpoints what is left when it closes). */
    @Override
    public void close() {
        daemon.stop();
    }

    /**
     * Runs a {@code PASSIVE} checkpoint if one is due.
     *
     * @return {@code {log frames, frames checkpointed}} as SQLite reports them, or null if it did not run
     */
    synchronized long[] checkpointIfDue() {
        long seen = commits.get();
        long now = System.nanoTime();
        boolean due = seen - covered >= commitsPerCheckpoint || (seen > covered && now - lastRun >= maxDelayNanos);
        DataSource ds = dataSource.get();
        if (!due || ds == null) {
            return null;
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            covered = seen;
            lastRun = now;
            checkpoints.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "Background WAL checkpoints work again");
            }
            return rs.next() ? new long[] {rs.getLong(2), rs.getLong(3)} : null;
        } catch (SQLException | RuntimeException e) {
            if (ds instanceof HikariDataSource pool && pool.isClosed()) {
                // Closed or swapped by a restore meanwhile: the next interval looks again.
                return null;
            }
            LOG.log(failing ? Level.DEBUG : Level.WARNING, "A background WAL checkpoint failed: " + e.getMessage()
                    + "; commits will checkpoint the WAL themselves at " + BACKSTOP_PAGES + " pages meanwhile");
            failing = true;
            return null;
        }
    }
}
