package io.latzero.persistence.app.internal;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.internal.tx.TransactionRunner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * App registrations as the façade uses them: {@link AppRepository} reads and writes the database, and
 * {@link CachedApps} adds a cache of committed apps where this process is the database's only writer.
 */
public interface Apps {
    /**
     * The database's apps, behind a cache of committed apps if {@code cacheCommitted} (the only writer is us), which
     * is filled with {@code inBackground} ({@link CachedApps}).
     */
    static Apps of(TransactionRunner tx, boolean cacheCommitted, Consumer<BooleanSupplier> inBackground) {
        AppRepository repository = new AppRepository(tx);
        return cacheCommitted
                ? new CachedApps(repository, new CommittedAppCache(tx.commitSequence()), tx, inBackground)
                : repository;
    }

    App register(String appId, List<String> triggers, List<String> pools, Map<String, ?> metadata);

    Optional<App> get(String appId);

    App update(String appId, AppUpdate update);

    boolean remove(String appId);

    List<App> all();

    List<App> byPool(String pool);

    long count();

    /** Sees the events of every durable commit, in commit order, right after it (under the write lock). */
    default void committed(List<PersistenceEvent> events) {
    }

    /** How many apps are held in memory (for tests and diagnostics). */
    default long held() {
        return 0;
    }

    /** Forgets whatever was held of committed state: the database was replaced or filled without events. */
    default void forget() {
    }
}
