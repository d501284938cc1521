package io.latzero.persistence.app.internal;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.internal.json.Validate;
import io.latzero.persistence.internal.tx.TransactionRunner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@link AppRepository} with a {@link CommittedAppCache} in front of its reads outside transactions (inside one, a
 * read must see the transaction's own writes, so it goes to the database). Only where this process is the
 * database's only writer: the cache learns of changes from this process's commits. The first app read from the
 * database starts filling the cache with the others in the background, so that a server that just started soon
 * reads its apps from memory (a process that never reads an app, such as most CLI commands, never fills it).
 */
public final class CachedApps implements Apps {
    private final AppRepository repository;
    private final CommittedAppCache cache;
    private final TransactionRunner tx;
    private final Consumer<BooleanSupplier> inBackground;
    private final AtomicBoolean filling = new AtomicBoolean();

    /** {@code inBackground} runs a step on another thread again and again, until it returns false. */
    public CachedApps(AppRepository repository, CommittedAppCache cache, TransactionRunner tx,
                      Consumer<BooleanSupplier> inBackground) {
        this.repository = repository;
        this.cache = cache;
        this.tx = tx;
        this.inBackground = inBackground;
    }

    @Override
    public App register(String appId, List<String> triggers, List<String> pools, Map<String, ?> metadata) {
        return repository.register(appId, triggers, pools, metadata);
    }

    @Override
    public Optional<App> get(String appId) {
        Validate.id("appId", appId);
        return tx.current() != null ? repository.get(appId) : cache.get(appId, () -> {
            Optional<App> loaded = repository.get(appId);
            if (filling.compareAndSet(false, true)) {
                inBackground.accept(cache.filler(repository::page));
            }
            return loaded;
        });
    }

    @Override
    public App update(String appId, AppUpdate update) {
        return repository.update(appId, update);
    }

    @Override
    public boolean remove(String appId) {
        return repository.remove(appId);
    }

    @Override
    public List<App> all() {
        return repository.all();
    }

    /** A kept listing, or the pool index gives the ids and the cache the apps; the others are read in one query. */
    @Override
    public List<App> byPool(String pool) {
        Validate.id("pool", pool);
        if (tx.current() != null) {
            return repository.byPool(pool);
        }
        return cache.byPool(pool, () -> repository.idsInPool(pool), repository::loadAll, () -> repository.byPool(pool));
    }

    @Override
    public long count() {
        return repository.count();
    }

    @Override
    public void committed(List<PersistenceEvent> events) {
        cache.committed(events);
    }

    @Override
    public long held() {
        return cache.size();
    }

    @Override
    public void forget() {
        cache.clear();
        filling.set(false);
    }
}
