package io.latzero.persistence.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The manager's background work on one daemon thread: each task runs every {@code interval} (none for zero), and a
 * failure is logged and tried again at the next turn; a task refused because the manager is closing is skipped.
 */
public final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latzero-maintenance");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} every {@code interval} from now on; nothing if the interval is zero. */
    public Maintenance every(Duration interval, String what, Runnable task) {
        long millis = interval.toMillis();
        if (millis > 0) {
            scheduler.scheduleWithFixedDelay(() -> run(what, task), millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Runs {@code step} in the background, again and again, until it returns false, fails (logged as the periodic
     * tasks are) or the manager closes. The periodic tasks wait meanwhile.
     */
    public void untilDone(String what, BooleanSupplier step) {
        scheduler.execute(() -> run(what, () -> {
            boolean more = true;
            while (more && !Thread.currentThread().isInterrupted()) {
                more = step.getAsBoolean();
            }
        }));
    }

    private static void run(String what, Runnable task) {
        try {
            task.run();
        } catch (IllegalStateException stopped) {
            LOG.log(Level.DEBUG, what + " skipped: " + stopped.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed", e);
        }
    }

    /** Stops the tasks, interrupting one that is running. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
