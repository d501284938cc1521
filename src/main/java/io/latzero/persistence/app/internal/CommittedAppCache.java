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
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
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
    /** Apps held by the kept pool listings, at most (each listing counts its apps and one). */
    static final int MAX_LISTED = 1_000_000;

    /** Pool listings by pool: lists of apps held in {@link #apps} (so they cost ~4 bytes an app). */
    private final Cache<String, List<App>> listings = Caffeine.newBuilder().maximumWeight(MAX_LISTED)
            .<String, List<App>>weigher((pool, listing) -> 1 + listing.size()).build();
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
     * The committed apps of {@code pool}, in id order: a listing kept from before if no change to any of its apps
     * (or to the pool's membership) committed since; otherwise the ids {@code ids} reads from the database, cached
     * apps from here and the others with one {@code loadMissing} call (and kept). If most are not cached, or the
     * database changed meanwhile, {@code loadAll} reads them all instead; its apps are kept while the cache has
     * room, so a table larger than the cache does not churn it with every listing. The listing is kept when all its
     * apps are and nothing changed while it was read: a repeated listing then costs one lookup, whatever the size
     * of the table.
     */
    public List<App> byPool(String pool, Supplier<List<String>> ids, Function<List<String>, List<App>> loadMissing,
                            Supplier<List<App>> loadAll) {
        List<App> listed = listings.getIfPresent(pool);
        if (listed != null) {
            return listed;
        }
        long before = sequence.read();
        List<String> wanted = ids.get();
        List<App> result = new ArrayList<>(wanted.size());
        List<String> missing = new ArrayList<>();
        for (String id : wanted) {
            Optional<App> cached = apps.getIfPresent(id);
            if (cached == null) {
                missing.add(id);
            }
            result.add(cached == null ? null : cached.orElse(null));
        }
        if (missing.size() * 2 > wanted.size()) {
            List<App> all = loadAll.get();
            if (apps.estimatedSize() + all.size() > MAX_ENTRIES) {
                return all;
            }
            List<App> kept = new ArrayList<>(all.size());
            for (App app : all) {
                kept.add(keep(app.appId(), Optional.of(app), before).orElseThrow());
            }
            return list(pool, kept, before);
        }
        if (!missing.isEmpty()) {
            Map<String, App> loaded = new HashMap<>();
            for (App app : loadMissing.apply(missing)) {
                loaded.put(app.appId(), keep(app.appId(), Optional.of(app), before).orElseThrow());
            }
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i) == null) {
                    result.set(i, loaded.get(wanted.get(i)));
                }
            }
        }
        if (!sequence.unchangedSince(before) || result.contains(null)) {
            return loadAll.get();
        }
        return list(pool, result, before);
    }

    /** The listing, unmodifiable, kept for the pool if nothing changed since {@code before}. */
    private List<App> list(String pool, List<App> apps, long before) {
        List<App> listing = Collections.unmodifiableList(apps);
        listings.asMap().compute(pool, (p, current) -> sequence.unchangedSince(before) ? listing : current);
        return listing;
    }

    /**
     * Keeps a value read from the database, in its compact form, if nothing changed since {@code before} (atomically
     * per id); returns the compact form.
     */
    private Optional<App> keep(String appId, Optional<App> loaded, long before) {
        Optional<App> compacted = loaded.map(compact::compact);
        apps.asMap().compute(appId, (id, current) -> sequence.unchangedSince(before) ? compacted : current);
        return compacted;
    }

    /**
     * Applies the events of one durable commit, in their order. A listing holding a changed app is dropped: the
     * listings of the pools it was in (its previous state here tells which) and of those it is in now. Where its
     * previous state is not held here (it was evicted), any listing may hold it, and all are dropped. A registered
     * app was in no listing.
     */
    public void committed(List<PersistenceEvent> events) {
        for (PersistenceEvent event : events) {
            if (event instanceof AppRegistered registered) {
                listings.invalidateAll(registered.app().pools());
                apps.put(registered.appId(), Optional.of(compact.compact(registered.app())));
            } else if (event instanceof AppUpdated updated) {
                App app = updated.app();
                App previous = forgetListings(updated.appId());
                if (previous == null || !previous.pools().equals(app.pools())) {
                    listings.invalidateAll(app.pools());
                }
                apps.put(updated.appId(), Optional.of(compact.compact(app, previous)));
            } else if (event instanceof AppRemoved removed) {
                forgetListings(removed.appId());
                apps.put(removed.appId(), Optional.empty());
            }
        }
    }

    /**
     * Drops the listings that may hold the committed state of {@code appId} held so far; returns that state, or null
     * if none is held (or the app was removed). Looking it up does not count as a use of it.
     */
    private App forgetListings(String appId) {
        Optional<App> previous = apps.policy().getIfPresentQuietly(appId);
        if (previous == null) {
            listings.invalidateAll();
            return null;
        }
        previous.ifPresent(app -> listings.invalidateAll(app.pools()));
        return previous.orElse(null);
    }

    /** How many apps a {@link #filler} reads at a time: a short read, so that few of them race a commit. */
    static final int FILL_PAGE = 256;

    /**
     * Fills the cache with committed apps, one page at a time: each {@code getAsBoolean()} reads the next page with
     * {@code page} (at most the given number of apps whose ids sort after the given id, in id order) and keeps those
     * not held yet, if no change began or ended while the page was read (a page that raced a commit is left out:
     * its apps are read when first asked for). It returns false when the apps are all read or the cache is full.
     */
    public BooleanSupplier filler(BiFunction<String, Integer, List<App>> page) {
        return new Filler(page);
    }

    private final class Filler implements BooleanSupplier {
        private final BiFunction<String, Integer, List<App>> page;
        private String after = "";

        Filler(BiFunction<String, Integer, List<App>> page) {
            this.page = page;
        }

        @Override
        public boolean getAsBoolean() {
            if (apps.estimatedSize() + FILL_PAGE > MAX_ENTRIES) {
                return false;
            }
            long before = sequence.read();
            List<App> read = page.apply(after, FILL_PAGE);
            for (App app : read) {
                keepIfAbsent(app, before);
            }
            if (read.size() < FILL_PAGE) {
                return false;
            }
            after = read.get(read.size() - 1).appId();
            return true;
        }
    }

    /** As {@link #keep}, for an app not held yet: one that is held is at least as new. Not a use of it. */
    private void keepIfAbsent(App app, long before) {
        if (apps.policy().getIfPresentQuietly(app.appId()) == null) {
            Optional<App> compacted = Optional.of(compact.compact(app));
            apps.asMap().computeIfAbsent(app.appId(), id -> sequence.unchangedSince(before) ? compacted : null);
        }
    }

    /** How many apps (or absences) are held. */
    public long size() {
        apps.cleanUp();
        return apps.estimatedSize();
    }

    /** Forgets everything (the database was replaced or imported into); call inside the change that did it. */
    public void clear() {
        listings.invalidateAll();
        apps.invalidateAll();
    }
}
