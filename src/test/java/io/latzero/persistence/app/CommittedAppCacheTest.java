package io.latzero.persistence.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point reads served from memory show exactly the committed state, whatever happened since they were cached. */
class CommittedAppCacheTest {
    @TempDir
    Path dir;
    PersistenceManager persistence;

    @BeforeEach
    void open() {
        persistence = TestManagers.open(dir);
    }

    @AfterEach
    void close() {
        persistence.close();
    }

    @Test
    void a_read_after_an_update_sees_the_update() {
        persistence.registerApp("app", null, List.of("a"), Map.of("v", 1));
        assertThat(persistence.getApp("app")).get().extracting(App::meta).isEqualTo(Map.of("v", 1));

        persistence.updateApp("app", AppUpdate.builder().meta(Map.of("v", 2)).pools(List.of("b")).build());

        assertThat(persistence.getApp("app")).get().satisfies(app -> {
            assertThat(app.meta()).isEqualTo(Map.of("v", 2));
            assertThat(app.pools()).containsExactly("b");
        });
    }

    @Test
    void a_removed_app_reads_as_absent_and_a_registered_one_as_present() {
        assertThat(persistence.getApp("app")).isEmpty();
        persistence.registerApp("app", null, null, null);
        assertThat(persistence.getApp("app")).isPresent();

        persistence.removeApp("app");

        assertThat(persistence.getApp("app")).isEmpty();
    }

    @Test
    void changes_rolled_back_are_never_served() {
        persistence.registerApp("kept", null, null, Map.of("v", 1));
        assertThat(persistence.getApp("kept")).isPresent();
        assertThat(persistence.getApp("doomed")).isEmpty();

        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.updateApp("kept", AppUpdate.builder().meta(Map.of("v", 99)).build());
            persistence.registerApp("doomed", null, null, null);
            persistence.removeApp("kept");
            throw new IllegalStateException("caller gives up");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(persistence.getApp("kept")).get().extracting(App::meta).isEqualTo(Map.of("v", 1));
        assertThat(persistence.getApp("doomed")).isEmpty();
    }

    @Test
    void another_thread_sees_the_old_state_until_the_change_commits() throws Exception {
        persistence.registerApp("app", null, null, Map.of("v", 1));
        assertThat(persistence.getApp("app")).isPresent();
        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> persistence.transaction(() -> {
            persistence.updateApp("app", AppUpdate.builder().meta(Map.of("v", 2)).build());
            assertThat(persistence.getApp("app")).get().extracting(App::meta).isEqualTo(Map.of("v", 2));
            changed.countDown();
            await(checked);
        }));
        await(changed);
        Optional<App> during = persistence.getApp("app");
        checked.countDown();
        writer.get(30, TimeUnit.SECONDS);

        assertThat(during).get().extracting(App::meta).isEqualTo(Map.of("v", 1));
        assertThat(persistence.getApp("app")).get().extracting(App::meta).isEqualTo(Map.of("v", 2));
    }

    @Test
    void after_a_restore_reads_show_the_restored_database() {
        persistence.registerApp("app", null, null, Map.of("v", 1));
        Path backup = persistence.createBackup();
        persistence.updateApp("app", AppUpdate.builder().meta(Map.of("v", 2)).build());
        persistence.registerApp("later", null, null, null);
        assertThat(persistence.getApp("app")).get().extracting(App::meta).isEqualTo(Map.of("v", 2));
        assertThat(persistence.getApp("later")).isPresent();

        persistence.restoreBackup(backup);

        assertThat(persistence.getApp("app")).get().extracting(App::meta).isEqualTo(Map.of("v", 1));
        assertThat(persistence.getApp("later")).isEmpty();
    }

    @Test
    void a_pool_listing_shows_every_committed_membership_change() {
        persistence.registerApp("a", null, List.of("p"), null);
        persistence.registerApp("b", null, List.of("p"), null);
        assertThat(ids(persistence.getAppsByPool("p"))).containsExactly("a", "b");

        persistence.updateApp("b", AppUpdate.builder().pools(List.of("q")).build());
        assertThat(ids(persistence.getAppsByPool("p"))).containsExactly("a");

        persistence.updateApp("a", AppUpdate.builder().meta(Map.of("v", 2)).build());
        assertThat(persistence.getAppsByPool("p")).singleElement().extracting(App::meta).isEqualTo(Map.of("v", 2));

        persistence.removeApp("a");
        persistence.registerApp("c", null, List.of("p", "q"), null);
        assertThat(ids(persistence.getAppsByPool("p"))).containsExactly("c");
        assertThat(ids(persistence.getAppsByPool("q"))).containsExactly("b", "c");
    }

    @Test
    void a_pool_listing_never_mixes_two_committed_states() throws Exception {
        int apps = 20;
        for (int i = 0; i < apps; i++) {
            persistence.registerApp("app-" + i, null, List.of("p"), null);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int round = 1; round <= 200; round++) {
                List<String> pools = List.of(round % 2 == 0 ? "p" : "q");
                persistence.transaction(() -> {
                    for (int i = 0; i < apps; i++) {
                        persistence.updateApp("app-" + i, AppUpdate.builder().pools(pools).build());
                    }
                });
            }
        });
        int listings = 0;
        while (!writer.isDone() || listings == 0) {
            List<App> inP = persistence.getAppsByPool("p");
            assertThat(inP.size()).as("all apps or none: each commit moves them all").isIn(0, apps);
            assertThat(inP).allSatisfy(app -> assertThat(app.pools()).containsExactly("p"));
            listings++;
        }
        writer.get(30, TimeUnit.SECONDS);
        assertThat(ids(persistence.getAppsByPool("p"))).hasSize(apps);
    }

    private static List<String> ids(List<App> apps) {
        return apps.stream().map(App::appId).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other thread did not arrive");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
