package io.latzero.persistence.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.internal.tx.CommitSequence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** How {@link CommittedAppCache#filler} reads the apps page by page and keeps only what no commit raced. */
class AppCacheFillerTest {
    private final CommitSequence sequence = new CommitSequence();
    private final CommittedAppCache cache = new CommittedAppCache(sequence);
    /** The "database": apps by id, in id order. */
    private final TreeMap<String, App> db = new TreeMap<>();
    private final List<String> pagesAfter = new ArrayList<>();
    /** Commits made while the page after this id is read. */
    private String commitWhileReadingAfter;

    private static App app(String id, int version) {
        Instant now = Instant.ofEpochMilli(1_000);
        return new App(id, List.of("p"), List.of("t"), Map.of("v", version), "1.0", now, now, false);
    }

    private List<App> page(String after, int limit) {
        pagesAfter.add(after);
        List<App> page = db.tailMap(after, false).values().stream().limit(limit).toList();
        if (after.equals(commitWhileReadingAfter)) {
            sequence.beginWrite();
            sequence.endWrite();
        }
        return page;
    }

    private void addApps(int count) {
        for (int i = 0; i < count; i++) {
            String id = String.format("app-%05d", i);
            db.put(id, app(id, 1));
        }
    }

    private Optional<App> readThroughCache(String id) {
        return cache.get(id, () -> Optional.ofNullable(db.get(id)));
    }

    @Test
    void pages_are_read_in_id_order_until_a_short_one_and_then_every_app_is_held() {
        addApps(CommittedAppCache.FILL_PAGE * 2 + 10);
        BooleanSupplier filler = cache.filler(this::page);

        assertThat(filler.getAsBoolean()).isTrue();
        assertThat(filler.getAsBoolean()).isTrue();
        assertThat(filler.getAsBoolean()).isFalse();

        assertThat(pagesAfter).containsExactly("", db.keySet().toArray(String[]::new)[CommittedAppCache.FILL_PAGE - 1],
                db.keySet().toArray(String[]::new)[CommittedAppCache.FILL_PAGE * 2 - 1]);
        assertThat(cache.size()).isEqualTo(db.size());
    }

    @Test
    void a_page_read_while_a_commit_happens_is_left_out_and_the_fill_goes_on() {
        addApps(CommittedAppCache.FILL_PAGE * 2);
        commitWhileReadingAfter = "";
        BooleanSupplier filler = cache.filler(this::page);

        assertThat(filler.getAsBoolean()).isTrue();
        assertThat(cache.size()).isZero();
        assertThat(filler.getAsBoolean()).isTrue();
        assertThat(filler.getAsBoolean()).isFalse();

        assertThat(cache.size()).isEqualTo(CommittedAppCache.FILL_PAGE);
        String leftOut = db.firstKey();
        db.put(leftOut, app(leftOut, 2));
        assertThat(readThroughCache(leftOut)).as("read from the database when first asked for").contains(app(leftOut, 2));
    }

    @Test
    void an_app_already_held_keeps_its_committed_state() {
        addApps(3);
        String id = db.firstKey();
        sequence.beginWrite();
        cache.committed(List.of(new AppUpdated(id, app(id, 2), AppUpdate.builder().meta(Map.of("v", 2)).build())));
        sequence.endWrite();

        cache.filler(this::page).getAsBoolean();

        assertThat(readThroughCache(id)).contains(app(id, 2));
        assertThat(cache.size()).isEqualTo(3);
    }
}
