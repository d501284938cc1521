package io.latzero.persistence.change.internal;

import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.change.ChangeFeed;
import io.latzero.persistence.change.ChangeWatch;
import io.latzero.persistence.change.CompactedException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Delivers the change log to watches on one daemon thread. It reads the log after this manager commits (a wake-up),
 * when another server commits (PostgreSQL NOTIFY, where available) and at a fixed interval whatever happens, so a
 * lost wake-up only delays a change. Each watch keeps its own position and reads from it, so it gets every change
 * once, in revision order.
 */
public final class ChangeFeedService implements ChangeFeed, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChangeFeedService.class.getName());
    static final int PAGE = 512;
    /** How often the log is read without a wake-up: other processes on SQLite, lost notifications on PostgreSQL. */
    private static final long POLL_MILLIS = 100;
    private static final long SLICE_MILLIS = 20;

    /** How often the background compaction runs. */
    public static final java.time.Duration COMPACTION_INTERVAL = java.time.Duration.ofSeconds(30);
    private static final int COMPACTION_BATCH = 1000;
    private static final int COMPACTION_BATCHES_PER_RUN = 20;

    private final ChangeLog log;
    private final Supplier<Boolean> open;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean woken;
    private Thread thread;
    private volatile boolean closed;

    private final long maxChanges;
    private final java.time.Duration retention;

    /** @param open whether the manager is open (reading then works); checked on every API call */
    public ChangeFeedService(ChangeLog log, Supplier<Boolean> open, long maxChanges, java.time.Duration retention) {
        this.log = log;
        this.open = open;
        this.maxChanges = maxChanges;
        this.retention = retention;
    }

    /** A name for a manager without a configured origin: host, process id and a random part. */
    public static String madeUpOrigin() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "");
        } catch (java.io.IOException e) {
            host = "host";
        }
        if (host.isEmpty() || host.length() > 60) {
            host = "host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/"
                + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    @Override
    public int compact() {
        requireOpen();
        return log.compact(maxChanges, java.time.Instant.now().minus(retention), COMPACTION_BATCH,
                COMPACTION_BATCHES_PER_RUN);
    }

    @Override
    public long currentRevision() {
        requireOpen();
        return log.currentRevision();
    }

    @Override
    public String origin() {
        return log.origin();
    }

    @Override
    public List<Change> changesSince(long revision, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        requireOpen();
        return log.changesSince(revision, limit);
    }

    @Override
    public ChangeWatch watch(long fromRevision, Consumer<? super Change> listener,
                             Consumer<? super LatZeroPersistenceException> onFailure) {
        return start(fromRevision, listener, onFailure, false);
    }

    @Override
    public ChangeWatch watch(long fromRevision, Consumer<? super Change> listener) {
        return watch(fromRevision, listener, failure -> LOG.log(Level.WARNING, "A change feed watch ended", failure));
    }

    @Override
    public ChangeWatch watchOthers(Consumer<? super Change> listener) {
        requireOpen();
        return start(log.currentRevision(), listener,
                failure -> LOG.log(Level.WARNING, "A watch of other servers' changes ended", failure), true);
    }

    private ChangeWatch start(long from, Consumer<? super Change> listener,
                              Consumer<? super LatZeroPersistenceException> onFailure, boolean othersOnly) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(onFailure, "onFailure");
        requireOpen();
        log.requireHeld(from);
        Watch watch = new Watch(from, listener, onFailure, othersOnly);
        watches.add(watch);
        startThread();
        wake();
        return watch;
    }

    private void requireOpen() {
        if (closed || !open.get()) {
            throw new IllegalStateException("PersistenceManager is not open");
        }
    }

    private synchronized void startThread() {
        if (thread == null && !closed) {
            thread = new Thread(this::run, "latzero-change-feed");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Called after every durable commit of this manager (and after a restore or import). */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitLocal(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (!woken) {
                signal.await(millis, TimeUnit.MILLISECONDS);
            }
            boolean was = woken;
            woken = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        ChangeLogDialect.ExternalWakeups external = null;
        long lastRead = 0;
        try {
            while (!closed) {
                boolean due;
                if (external == null && log.dataSource() != null) {
                    external = log.dialect().externalWakeups(log.dataSource());
                }
                if (external != null) {
                    due = external.await(SLICE_MILLIS) | awaitLocal(0);
                } else {
                    due = awaitLocal(SLICE_MILLIS);
                }
                long now = System.nanoTime();
                if (due || now - lastRead >= TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) {
                    lastRead = now;
                    for (Watch watch : watches) {
                        watch.catchUp();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (external != null) {
                external.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        for (Watch watch : watches) {
            watch.close();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Watch implements ChangeWatch {
        private final Consumer<? super Change> listener;
        private final Consumer<? super LatZeroPersistenceException> onFailure;
        private final boolean othersOnly;
        /** Held while a change is handed over and the position moves, so close() never splits the two. */
        private final ReentrantLock delivering = new ReentrantLock();
        private volatile long position;
        private volatile boolean watching = true;

        Watch(long from, Consumer<? super Change> listener, Consumer<? super LatZeroPersistenceException> onFailure,
              boolean othersOnly) {
            this.position = from;
            this.listener = listener;
            this.onFailure = onFailure;
            this.othersOnly = othersOnly;
        }

        /** Delivers what the log holds after this watch's position; runs on the feed thread only. */
        void catchUp() {
            try {
                List<Change> page;
                do {
                    if (!watching || !open.get()) {
                        return;
                    }
                    page = log.changesSince(position, PAGE);
                    for (Change change : page) {
                        delivering.lock();
                        try {
                            if (!watching) {
                                return;
                            }
                            deliver(change);
                            position = change.revision();
                        } finally {
                            delivering.unlock();
                        }
                    }
                } while (page.size() == PAGE);
            } catch (CompactedException e) {
                close();
                try {
                    onFailure.accept(e);
                } catch (RuntimeException failure) {
                    LOG.log(Level.WARNING, "A change feed failure handler threw; ignored", failure);
                }
            } catch (RuntimeException e) {
                // The database is closed for a restore, or a connection failed: try again at the next turn.
                LOG.log(Level.DEBUG, "Reading the change log failed; trying again", e);
            }
        }

        private void deliver(Change change) {
            if (othersOnly && change.local()) {
                return;
            }
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A change feed listener threw on revision " + change.revision() + "; ignored", e);
            }
        }

        @Override
        public long lastRevision() {
            return position;
        }

        @Override
        public boolean isOpen() {
            return watching && !closed;
        }

        /** Waits for a change being handed over to finish, so {@link #lastRevision()} is then final. */
        @Override
        public void close() {
            delivering.lock();
            try {
                watching = false;
            } finally {
                delivering.unlock();
            }
            watches.remove(this);
        }
    }
}
