package io.latzero.persistence.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.internal.tx.CommitSequence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A repeated pool listing is served from memory without touching the database (so its cost does not grow with the
 * table), and any committed change to one of its apps drops it; apps are held compact and read back equal.
 */
class PoolListingCacheTest {
    private final CommitSequence sequence = new CommitSequence();
    private final CommittedAppCache cache = new CommittedAppCache(sequence);
    /** The "database": apps by id. */
    private final Map<String, App> db = new HashMap<>();
    private final AtomicInteger queries = new AtomicInteger();

    private static App app(String id, List<String> pools, Map<String, Object> meta) {
        Instant now = Instant.ofEpochMilli(1_000);
        return new App(id, pools, List.of("t1", "t2"), meta, "1.0", now, now, false);
    }

    private List<App> list(String pool) {
        return cache.byPool(pool,
                () -> {
                    queries.incrementAndGet();
                    return db.values().stream().filter(a -> a.pools().contains(pool)).map(App::appId).sorted().toList();
                },
                ids -> {
                    queries.incrementAndGet();
                    return ids.stream().map(db::get).toList();
                },
                () -> {
                    queries.incrementAndGet();
                    return db.values().stream().filter(a -> a.pools().contains(pool))
                            .sorted((x, y) -> x.appId().compareTo(y.appId())).toList();
                });
    }

    /** Commits: the database changes and the cache hears of it, as the store does. */
    private void commit(Object event, Runnable change) {
        sequence.beginWrite();
        change.run();
        cache.committed(List.of((io.latzero.persistence.event.PersistenceEvent) event));
        sequence.endWrite();
    }

    private void put(App app) {
        db.put(app.appId(), app);
    }

    @Test
    void a_repeated_listing_reads_nothing_from_the_database() {
        put(app("a", List.of("p"), Map.of()));
        put(app("b", List.of("p", "q"), Map.of()));

        assertThat(list("p")).extracting(App::appId).containsExactly("a", "b");
        int afterFirst = queries.get();
        assertThat(list("p")).extracting(App::appId).containsExactly("a", "b");
        assertThat(list("p")).isEqualTo(List.of(db.get("a"), db.get("b")));

        assertThat(queries.get()).isEqualTo(afterFirst);
    }

    @Test
    void a_committed_change_drops_the_listings_that_held_the_app() {
        put(app("a", List.of("p"), Map.of()));
        put(app("b", List.of("q"), Map.of()));
        list("p");
        list("q");
        int before = queries.get();

        App moved = app("a", List.of("q"), Map.of("v", 2));
        commit(new AppUpdated("a", moved, AppUpdate.builder().pools(List.of("q")).build()), () -> put(moved));

        assertThat(list("p")).isEmpty();
        assertThat(list("q")).extracting(App::appId).containsExactly("a", "b");
        assertThat(list("q").get(0).meta()).isEqualTo(Map.of("v", 2));
        assertThat(queries.get()).isGreaterThan(before);

        App c = app("c", List.of("p"), Map.of());
        commit(new AppRegistered("c", c), () -> put(c));
        assertThat(list("p")).extracting(App::appId).containsExactly("c");

        commit(new AppRemoved("b"), () -> db.remove("b"));
        assertThat(list("q")).extracting(App::appId).containsExactly("a");
    }

    @Test
    void a_change_to_an_app_whose_state_is_not_held_drops_every_listing() {
        put(app("a", List.of("p"), Map.of()));
        list("p");
        list("p");
        int before = queries.get();

        // "z" is not held here (never read, or evicted while a listing holding it stayed): any listing may hold it.
        App z = app("z", List.of("r"), Map.of());
        commit(new AppUpdated("z", z, AppUpdate.builder().pools(List.of("r")).build()), () -> put(z));

        assertThat(list("p")).extracting(App::appId).containsExactly("a");
        assertThat(queries.get()).isGreaterThan(before);
    }

    @Test
    void a_listing_read_while_a_change_commits_is_not_kept() {
        put(app("a", List.of("p"), Map.of("v", 1)));
        App changed = app("a", List.of("p"), Map.of("v", 2));
        List<App> during = cache.byPool("p",
                () -> List.of("a"),
                ids -> List.of(db.get("a")),
                () -> {
                    // the change commits while the listing is read
                    commit(new AppUpdated("a", changed, AppUpdate.builder().meta(Map.of("v", 2)).build()), () -> put(changed));
                    return List.of(db.get("a"));
                });

        assertThat(during).singleElement().extracting(App::meta).isEqualTo(Map.of("v", 2));
        assertThat(list("p")).singleElement().extracting(App::meta).isEqualTo(Map.of("v", 2));
    }

    @Test
    void a_new_state_made_compact_reuses_the_lists_and_metadata_keys_of_the_previous_one_where_they_are_equal() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("host", "worker-1");
        meta.put("round", 1);
        App before = new CompactApps().compact(new App("x", List.of("p1", "p2"), List.of("t"), meta, "1.0",
                Instant.ofEpochMilli(5), Instant.ofEpochMilli(5), false));
        Map<String, Object> newMeta = new LinkedHashMap<>();
        newMeta.put(new String("host"), "worker-1");
        newMeta.put(new String("round"), 2);
        App next = new App("x", new ArrayList<>(List.of("p1", "p2")), List.of("t", "u"), newMeta, "1.0",
                Instant.ofEpochMilli(5), Instant.ofEpochMilli(9), false);
        Map<String, Object> grown = new LinkedHashMap<>(newMeta);
        grown.put("extra", true);
        App nextGrown = new App("x", List.of("p3"), List.of("t"), grown, "1.0", Instant.ofEpochMilli(5),
                Instant.ofEpochMilli(10), false);

        // A fresh table holds none of the previous values: what is the same instance was taken from the previous state.
        App c = new CompactApps().compact(next, before);
        App g = new CompactApps().compact(nextGrown, before);

        assertThat(c).isEqualTo(next);
        assertThat(c.pools()).isSameAs(before.pools());
        assertThat(c.triggers()).isNotSameAs(before.triggers()).containsExactly("t", "u");
        assertThat(c.meta().keySet().iterator().next()).isSameAs(before.meta().keySet().iterator().next());
        assertThat(c.meta().keySet()).containsExactly("host", "round");
        assertThat(g).isEqualTo(nextGrown);
        assertThat(g.triggers()).isSameAs(before.triggers());
        assertThat(g.meta().keySet()).containsExactly("host", "round", "extra");
    }

    @Test
    void a_compact_app_is_equal_keeps_the_metadata_order_and_is_unmodifiable() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("zeta", "worker-1");
        meta.put("alpha", 7);
        meta.put("none", null);
        meta.put("nested", Map.of("k", List.of(1, 2)));
        App original = new App("x", List.of("p1", "p2"), List.of("t"), java.util.Collections.unmodifiableMap(meta),
                "1.0", Instant.ofEpochMilli(5), Instant.ofEpochMilli(5), true);
        CompactApps compact = new CompactApps();

        App c = compact.compact(original);
        App again = compact.compact(new App("y", new ArrayList<>(Arrays.asList("p1", "p2")), List.of("t"),
                new LinkedHashMap<>(meta), "1.0", Instant.ofEpochMilli(5), Instant.ofEpochMilli(9), false));

        assertThat(c).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(c.meta().keySet()).containsExactly("zeta", "alpha", "none", "nested");
        assertThat(c.meta()).containsEntry("none", null).containsKey("none").doesNotContainKey("other");
        assertThat(c.meta().toString()).isEqualTo(original.meta().toString());
        assertThat(c.lastSeen()).isSameAs(c.registered());
        assertThat(again.pools()).isSameAs(c.pools());
        assertThat(again.meta().get("zeta")).isSameAs(c.meta().get("zeta"));
        assertThat(again.lastSeen()).isEqualTo(Instant.ofEpochMilli(9));
        assertThatThrownBy(() -> c.meta().put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.meta().entrySet().iterator().next().setValue(1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.meta().keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.meta().entrySet().stream().map(Map.Entry::getKey).collect(Collectors.joining(",")))
                .isEqualTo("zeta,alpha,none,nested");
    }
}
