package io.latzero.persistence.app.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latzero.persistence.app.App;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.internal.tx.CommitSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Committed apps by id, for reads that skip the database. Valid only where this process is the database's only
 * writer (the SQLite data directory lock), and only because every change to {@code app_registry} goes through
 * {@link AppEntity}, whose committed changes arrive here in commit order ({@link #committed}), inside the
 * {@link CommitSequence} change that commits them; a rolled-back change never arrives. A value read from the
 * database is kept, and a result combining the database with cached values is returned, only if no change began or
 * ended while it was read, so nothing stale is kept or mixed with newer state.
 */
public final class CommittedAppCache {
    /**
     * Apps kept (least recently used go first): held compact ({@link CompactApps}), an app of the benchmarks' shape
     * takes ~350 bytes with the cache's own entry, so 250,000 take ~85 MiB.
     */
    static final int MAX_ENTRIES = 250_000;

    private final Cache<String, Optional<App>> apps = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final CompactApps compact = new CompactApps();
    private final CommitSequence sequence;

    public CommittedAppCache(CommitSequence sequence) {
        this.sequence = sequence;
    }

    /** The committed app (or its absence), loading it with {@code load} if it is not cached. */
    public Optional<App> get(String appId, Supplier<Optional<App>> load) {
        Optional<App> cached = apps.getIfPresent(appId);
        if (cached != null) {
            return cached;
        }
        long before = sequence.read();
        Optional<App> loaded = load.get();
        keep(appId, loaded, before);
        return loaded;
    }

    /**
     * The committed apps whose ids {@code ids} reads from the database, in its order: cached ones from here, the
     * others with one {@code loadMissing} call (and kept). If most are not cached, or the database changed meanwhile,
     * {@code loadAll} reads them all instead; its apps are kept while the cache has room, so a table larger than the
     * cache does not churn it with every listing.
     */
    public List<App> getAll(Supplier<List<String>> ids, Function<List<String>, List<App>> loadMissing,
                            Supplier<List<App>> loadAll) {
        long before = sequence.read();
        List<String> wanted = ids.get();
        Map<String, App> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : wanted) {
            Optional<App> cached = apps.getIfPresent(id);
            if (cached == null) {
                missing.add(id);
            } else {
                cached.ifPresent(app -> found.put(id, app));
            }
        }
        if (missing.size() * 2 > wanted.size()) {
            List<App> all = loadAll.get();
            if (apps.estimatedSize() + all.size() <= MAX_ENTRIES) {
                all.forEach(app -> keep(app.appId(), Optional.of(app), before));
            }
            return all;
        }
        if (!missing.isEmpty()) {
            for (App app : loadMissing.apply(missing)) {
                found.put(app.appId(), app);
                keep(app.appId(), Optional.of(app), before);
            }
        }
        if (!sequence.unchangedSince(before) || found.size() != wanted.size()) {
            return loadAll.get();
        }
        List<App> result = new ArrayList<>(wanted.size());
        wanted.forEach(id -> result.add(found.get(id)));
        return Collections.unmodifiableList(result);
    }

    /**
     * Keeps a value read from the database, in its compact form, if nothing changed since {@code before} (atomically
     * per id).
     */
    private void keep(String appId, Optional<App> loaded, long before) {
        Optional<App> compacted = loaded.map(compact::compact);
        apps.asMap().compute(appId, (id, current) -> sequence.unchangedSince(before) ? compacted : current);
    }

    /** Applies the events of one durable commit, in their order. */
    public void committed(List<PersistenceEvent> events) {
        for (PersistenceEvent event : events) {
            if (event instanceof AppRegistered registered) {
                apps.put(registered.appId(), Optional.of(compact.compact(registered.app())));
            } else if (event instanceof AppUpdated updated) {
                apps.put(updated.appId(), Optional.of(compact.compact(updated.app())));
            } else if (event instanceof AppRemoved removed) {
                apps.put(removed.appId(), Optional.empty());
            }
        }
    }

    /** Forgets everything (the database was replaced or imported into); call inside the change that did it. */
    public void clear() {
        apps.invalidateAll();
    }
}
