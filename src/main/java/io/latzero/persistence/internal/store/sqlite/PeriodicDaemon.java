package io.latzero.persistence.internal.store.sqlite;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One named daemon thread running one task at a fixed rate, for the file store's WAL helpers. */
final class PeriodicDaemon {
    private final String name;
    private final Duration period;
    private final Runnable task;
    private ScheduledExecutorService timer;

    PeriodicDaemon(String name, Duration period, Runnable task) {
        this.name = name;
        this.period = period;
        this.task = task;
    }

    /** Starts the thread; a no-op if it runs. */
    synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the thread, letting a run under way finish (for up to a minute). */
    void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = timer;
            timer = null;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
