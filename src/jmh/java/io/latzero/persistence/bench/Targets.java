package io.latzero.persistence.bench;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.Synchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Opens the implementation a benchmark's {@code impl} parameter names, and runs operations on worker threads. */
final class Targets {
    static final String LIBRARY = "library";
    static final String JDBC = "jdbc";
    /** The {@code sync} parameter for NORMAL with the default durability window (library only); NORMAL alone has none. */
    static final String NORMAL_WINDOW = "NORMAL_WINDOW";

    private Targets() {
    }

    static Target open(String impl, Path dir, String synchronous) {
        boolean window = NORMAL_WINDOW.equals(synchronous);
        if (window && !LIBRARY.equals(impl)) {
            throw new IllegalArgumentException("only the library has a durability window");
        }
        Synchronous sync = window ? Synchronous.NORMAL : Synchronous.valueOf(synchronous);
        return switch (impl) {
            case LIBRARY -> LibraryTarget.open(dir, sync,
                    window ? PersistenceConfig.defaults().durabilityWindow() : Duration.ZERO);
            case JDBC -> JdbcTarget.open(dir, sync);
            default -> throw new IllegalArgumentException("impl must be library or jdbc, was " + impl);
        };
    }

    /** One operation of a workload: the {@code i}-th of {@code n}, on a target owned by the calling thread. */
    @FunctionalInterface
    interface Op {
        void run(Target target, int i);
    }

    /** Runs operations {@code 0..n-1} on {@code threads} threads (thread t takes every t-th), each with its own target. */
    static void run(Target target, int threads, int n, Op op) {
        if (threads == 1) {
            for (int i = 0; i < n; i++) {
                op.run(target, i);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                workers.add(pool.submit(() -> {
                    Target own = target.forThread();
                    try {
                        for (int i = first; i < n; i += threads) {
                            op.run(own, i);
                        }
                    } finally {
                        if (own != target) {
                            own.close();
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
