package io.latzero.persistence.app.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latzero.persistence.app.App;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Committed apps by id, for point reads that skip the database. Valid only where this process is the database's
 * only writer (the SQLite data directory lock), and only because every change to {@code app_registry} goes
 * through {@link AppEntity}, whose committed changes arrive here in commit order ({@link #committed}), after the
 * commit and before the next one. A rolled-back change never arrives. A value loaded from the database is kept
 * only if no commit changed any app while it was read, so a load that raced a commit cannot keep stale data.
 */
public final class CommittedAppCache {
    /** Apps kept (least recently used go first): about 1 KiB each. */
    static final int MAX_ENTRIES = 50_000;

    private final Cache<String, Optional<App>> apps = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final AtomicLong changes = new AtomicLong();

    /** The committed app (or its absence), loading it with {@code load} if it is not cached. */
    public Optional<App> get(String appId, Supplier<Optional<App>> load) {
        Optional<App> cached = apps.getIfPresent(appId);
        if (cached != null) {
            return cached;
        }
        long before = changes.get();
        Optional<App> loaded = load.get();
        apps.asMap().compute(appId, (id, current) -> changes.get() == before ? loaded : current);
        return loaded;
    }

    /** Applies the events of one durable commit, in their order. */
    public void committed(List<PersistenceEvent> events) {
        for (PersistenceEvent event : events) {
            if (event instanceof AppRegistered registered) {
                store(registered.appId(), Optional.of(registered.app()));
            } else if (event instanceof AppUpdated updated) {
                store(updated.appId(), Optional.of(updated.app()));
            } else if (event instanceof AppRemoved removed) {
                store(removed.appId(), Optional.empty());
            }
        }
    }

    private void store(String appId, Optional<App> app) {
        changes.incrementAndGet();
        apps.put(appId, app);
    }

    /** Forgets everything (the database was replaced). */
    public void clear() {
        changes.incrementAndGet();
        apps.invalidateAll();
    }
}
