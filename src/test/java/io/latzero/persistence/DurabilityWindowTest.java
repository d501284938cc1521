package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.internal.store.sqlite.WalSyncer;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The durability window of {@code synchronous=NORMAL} as a manager runs it: syncs after commits, at close, and errors. */
class DurabilityWindowTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void at_NORMAL_a_burst_of_commits_is_synced_in_the_background_and_then_nothing_is_synced_while_idle()
            throws InterruptedException {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir)
                .durabilityWindow(Duration.ofMillis(50)).build())) {
            Thread.sleep(250);
            assertThat(persistence.getStats().walSyncs()).as("idle since start").isZero();

            for (int i = 0; i < 20; i++) {
                persistence.registerApp("app-" + i, List.of(), List.of(), Map.of());
            }
            // A sync may come in the middle of the burst; the last one covers its end and is followed by no other.
            long afterBurst = TestManagers.awaitSteady(() -> persistence.getStats().walSyncs(), Duration.ofMillis(150));
            Thread.sleep(250);

            PersistenceStats stats = persistence.getStats();
            assertThat(stats.walSyncs()).as("10 idle wake-ups later").isEqualTo(afterBurst);
            assertThat(stats.synchronous()).isEqualTo("NORMAL");
            assertThat(stats.durabilityWindow()).isEqualTo(Duration.ofMillis(50));
            assertThat(stats.walSyncFailures()).isZero();
            assertThat(stats.lastWalSyncFailure()).isNull();
        }
    }

    @Test
    void the_default_window_is_in_force_at_NORMAL() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            assertThat(persistence.getStats().durabilityWindow()).isEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void closing_the_manager_syncs_the_last_commits_while_the_wal_is_still_open() {
        List<Boolean> walExisted = new CopyOnWriteArrayList<>();
        Function<Path, WalSyncer.Sync> recording = db -> () ->
                walExisted.add(Files.exists(db.resolveSibling(db.getFileName() + "-wal")));
        PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir)
                .durabilityWindow(Duration.ofHours(1)).build(), Map.of(), recording);
        persistence.initialize();
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        assertThat(walExisted).as("an hour's window has not passed").isEmpty();

        persistence.close();

        assertThat(walExisted).containsExactly(true);
    }

    @Test
    void an_io_error_in_the_background_sync_shows_in_stats_and_later_commits_still_succeed() {
        Function<Path, WalSyncer.Sync> failing = db -> () -> {
            throw new IOException("Input/output error");
        };
        try (PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir)
                .durabilityWindow(Duration.ofMillis(20)).build(), Map.of(), failing)) {
            persistence.initialize();
            persistence.registerApp("a", List.of(), List.of(), Map.of());

            TestManagers.await("a failed sync", LIMIT, () -> persistence.getStats().walSyncFailures() > 0);

            assertThat(persistence.getStats().lastWalSyncFailure()).contains("Input/output error");
            assertThat(persistence.registerApp("b", List.of(), List.of(), Map.of()).appId()).isEqualTo("b");
            assertThat(persistence.getStats().walSyncs()).isZero();
        }
    }

    static Stream<Arguments> settingsWithoutAWindow() {
        return Stream.of(
                Arguments.of("FULL", (Function<PersistenceConfig.Builder, PersistenceConfig.Builder>)
                        b -> b.synchronous(Synchronous.FULL), "FULL"),
                Arguments.of("a window of 0", (Function<PersistenceConfig.Builder, PersistenceConfig.Builder>)
                        b -> b.durabilityWindow(Duration.ZERO), "NORMAL"),
                Arguments.of("a rollback journal", (Function<PersistenceConfig.Builder, PersistenceConfig.Builder>)
                        b -> b.walMode(false), "NORMAL"),
                Arguments.of("memory mode", (Function<PersistenceConfig.Builder, PersistenceConfig.Builder>)
                        b -> b.memoryMode(true), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settingsWithoutAWindow")
    void where_no_window_is_in_force_nothing_is_synced_and_stats_say_so(
            String name, Function<PersistenceConfig.Builder, PersistenceConfig.Builder> settings, String synchronous) {
        AtomicInteger syncs = new AtomicInteger();
        PersistenceConfig config = settings.apply(TestManagers.config(dir).durabilityWindow(Duration.ofMillis(20))).build();
        try (PersistenceManager persistence = new PersistenceManager(config, Map.of(), db -> syncs::incrementAndGet)) {
            persistence.initialize();
            persistence.registerApp("a", List.of(), List.of(), Map.of());

            PersistenceStats stats = persistence.getStats();
            assertThat(stats.durabilityWindow()).isNull();
            assertThat(stats.synchronous()).isEqualTo(synchronous);
        }
        assertThat(syncs).as("syncs, the one at close included").hasValue(0);
    }

    @Test
    void on_PostgreSQL_no_wal_syncer_is_made() {
        AtomicInteger made = new AtomicInteger();
        new PersistenceManager(TestManagers.config(dir).durableUrl("jdbc:postgresql://127.0.0.1:1/never-opened").build(),
                Map.of(), db -> {
                    made.incrementAndGet();
                    return () -> { };
                });

        assertThat(made).hasValue(0);
    }
}
