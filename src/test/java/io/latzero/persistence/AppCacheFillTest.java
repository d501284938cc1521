package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first app a manager reads from its database starts filling the app cache with the others. */
class AppCacheFillTest {
    /** More than two pages of the fill. */
    private static final int APPS = 600;

    @TempDir
    Path dir;

    private void registerApps() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.transaction(() -> {
                for (int i = 0; i < APPS; i++) {
                    persistence.registerApp("app-" + i, List.of("t"), List.of("pool-" + i % 7), Map.of("i", i));
                }
            });
        }
    }

    @Test
    void after_the_first_app_read_every_app_is_soon_served_from_memory_without_a_statement() throws Exception {
        registerApps();
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            assertThat(persistence.appsHeldInMemory()).isZero();

            assertThat(persistence.getApp("app-0")).isPresent();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (persistence.appsHeldInMemory() < APPS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(persistence.appsHeldInMemory()).isEqualTo(APPS);

            long first = persistence.getStats().preparedStatements();
            long statsOwn = persistence.getStats().preparedStatements() - first;
            long before = persistence.getStats().preparedStatements();
            for (int i = 0; i < APPS; i++) {
                assertThat(persistence.getApp("app-" + i).orElseThrow().meta()).isEqualTo(Map.of("i", i));
            }
            assertThat(persistence.getStats().preparedStatements() - before)
                    .as("statements prepared by the reads, besides getStats()'s own").isEqualTo(statsOwn);
        }
    }

    @Test
    void a_manager_that_reads_no_app_holds_none() throws Exception {
        registerApps();
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.getStats();
            assertThat(persistence.getAllPools()).isEmpty();
            Thread.sleep(100);

            assertThat(persistence.appsHeldInMemory()).isZero();
        }
    }

    @Test
    void closing_while_the_cache_fills_stops_the_fill_and_leaves_the_directory_ready_to_reopen() {
        registerApps();
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.getApp("app-1");
        }
        try (PersistenceManager reopened = TestManagers.open(dir)) {
            assertThat(reopened.getAllApps()).hasSize(APPS);
        }
    }

    @Test
    void an_app_changed_while_the_cache_fills_is_read_as_committed() throws Exception {
        registerApps();
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.getApp("app-0");
            for (int i = 0; i < APPS; i += 50) {
                persistence.updateApp("app-" + i, AppUpdate.builder().meta(Map.of("i", -i)).build());
            }
            TestManagers.awaitSteady(persistence::appsHeldInMemory, Duration.ofMillis(200));

            for (int i = 0; i < APPS; i++) {
                assertThat(persistence.getApp("app-" + i).orElseThrow().meta())
                        .isEqualTo(Map.of("i", i % 50 == 0 ? -i : i));
            }
        }
    }
}
