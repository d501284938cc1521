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
 * ({@value #THREAD}) now runs a {@code PASSIVE} checkpoint every interval in which a commit was
 * {@linkplain #committed() reported}, next to the writers (a checkpoint does not take SQLite's write lock). The
 * automatic checkpoint stays as a backstop at {@value #BACKSTOP_PAGES} pages: under a steady stream of commits a
 * background checkpoint never catches the WAL's very end, so SQLite cannot start the file over; the backstop then
 * finishes the job with little left to copy. Idle, the thread does nothing. A failed checkpoint is logged (the
 * first at WARNING) and retried at the next interval; nothing depends on it but the WAL's size.
 */
public final class WalCheckpointer implements AutoCloseable {
    static final String THREAD = "latzero-checkpoint";
    /** {@code wal_autocheckpoint} of the durable file's connections; SQLite's default is 1,000. */
    public static final int BACKSTOP_PAGES = 4_000;
    /** How often the thread looks for commits to checkpoint. */
    static final Duration INTERVAL = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());

    private final Supplier<DataSource> dataSource;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    /** The commit count the last checkpoint covered; only the checkpointing thread (or a test) touches it. */
    private long covered;
    private boolean failing;
    private final PeriodicDaemon daemon;

    /** A checkpointer of the database {@code dataSource} gives at each run (null: none open now). */
    public WalCheckpointer(Supplier<DataSource> dataSource, Duration interval) {
        this.dataSource = dataSource;
        this.daemon = new PeriodicDaemon(THREAD, interval, this::checkpointIfCommitted);
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
     * Runs a {@code PASSIVE} checkpoint if a commit was reported since the last one.
     *
     * @return {@code {log frames, frames checkpointed}} as SQLite reports them, or null if it did not run
     */
    synchronized long[] checkpointIfCommitted() {
        long seen = commits.get();
        DataSource ds = dataSource.get();
        if (seen == covered || ds == null) {
            return null;
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            covered = seen;
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
