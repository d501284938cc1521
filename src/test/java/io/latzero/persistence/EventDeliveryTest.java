package io.latzero.persistence;

import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.BackupCreated;
import io.latzero.persistence.event.MemoryBlockCreated;
import io.latzero.persistence.event.MemoryBlockRemoved;
import io.latzero.persistence.event.MemoryBlockUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.PoolCreated;
import io.latzero.persistence.event.PoolRemoved;
import io.latzero.persistence.event.PoolUpdated;
import io.latzero.persistence.event.Subscription;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.testing.LogCapture;
import io.latzero.persistence.testing.SharedManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventDeliveryTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();
    private final List<Subscription> subscriptions = new ArrayList<>();

    @AfterEach
    void unsubscribe() {
        subscriptions.forEach(Subscription::close);
    }

    private <E> List<E> record(Class<E> type) {
        List<E> seen = new CopyOnWriteArrayList<>();
        subscriptions.add(persistence.on(type, seen::add));
        return seen;
    }

    @Test
    void every_change_is_announced_once_with_its_id_new_state_and_update() {
        List<PersistenceEvent> events = record(PersistenceEvent.class);
        String appId = unique("app");
        String poolName = unique("pool");
        String blockId = unique("block");

        App app = persistence.registerApp(appId, List.of(), List.of(), Map.of());
        AppUpdate appUpdate = AppUpdate.builder().triggers(List.of("t")).build();
        App updatedApp = persistence.updateApp(appId, appUpdate);
        persistence.removeApp(appId);
        Pool pool = persistence.createPool(poolName, PoolType.LOCAL, false, Map.of());
        PoolUpdate poolUpdate = PoolUpdate.builder().description("d").build();
        Pool updatedPool = persistence.updatePool(poolName, poolUpdate);
        persistence.removePool(poolName);
        MemoryBlock block = persistence.createMemoryBlock(blockId, 1, BlockType.BINARY, Map.of());
        MemoryBlockUpdate blockUpdate = MemoryBlockUpdate.builder().size(2).build();
        MemoryBlock updatedBlock = persistence.updateMemoryBlock(blockId, blockUpdate);
        persistence.removeMemoryBlock(blockId);
        Path backup = persistence.createBackup();

        assertThat(events).usingRecursiveFieldByFieldElementComparatorIgnoringFields("revision").containsExactly(
                new AppRegistered(appId, app), new AppUpdated(appId, updatedApp, appUpdate), new AppRemoved(appId),
                new PoolCreated(poolName, pool), new PoolUpdated(poolName, updatedPool, poolUpdate), new PoolRemoved(poolName),
                new MemoryBlockCreated(blockId, block), new MemoryBlockUpdated(blockId, updatedBlock, blockUpdate),
                new MemoryBlockRemoved(blockId), new BackupCreated(backup));
        List<Long> revisions = events.subList(0, 9).stream().map(PersistenceEvent::revision).toList();
        assertThat(revisions).doesNotContain(0L).isSorted().doesNotHaveDuplicates();
        assertThat(events.get(9).revision()).isZero();
    }

    @Test
    void calls_that_change_nothing_announce_nothing() {
        List<PersistenceEvent> events = record(PersistenceEvent.class);
        persistence.removeApp(unique("missing"));
        persistence.removePool(unique("missing"));
        persistence.removeMemoryBlock(unique("missing"));
        persistence.getAllApps();
        persistence.saveServerConfig(unique("key"), 1);
        persistence.createTriggerRecord(unique("t"), "a", 1, "d", null, null, java.time.Duration.ofMinutes(1));
        assertThat(events).isEmpty();
    }

    @Test
    void a_listener_sees_only_its_type() {
        List<AppRegistered> registered = record(AppRegistered.class);
        String app = unique("app");
        persistence.registerApp(app, List.of(), List.of(), Map.of());
        persistence.createPool(unique("pool"), PoolType.LOCAL, false, Map.of());
        persistence.removeApp(app);
        assertThat(registered).extracting(AppRegistered::appId).containsExactly(app);
    }

    @Test
    void repeated_identical_updates_are_each_announced() {
        List<AppUpdated> updated = record(AppUpdated.class);
        String app = unique("app");
        persistence.registerApp(app, List.of(), List.of(), Map.of());
        for (int i = 0; i < 20; i++) {
            persistence.updateApp(app, AppUpdate.builder().triggers(List.of("same")).build());
        }
        assertThat(updated).hasSize(20);
    }

    @Test
    void events_arrive_only_after_commit_and_two_updates_in_one_transaction_give_two_events() {
        List<AppUpdated> updated = record(AppUpdated.class);
        String app = unique("app");
        persistence.registerApp(app, List.of(), List.of(), Map.of());
        persistence.transaction(() -> {
            persistence.updateApp(app, AppUpdate.builder().meta(Map.of("n", 1)).build());
            persistence.updateApp(app, AppUpdate.builder().meta(Map.of("n", 2)).build());
            assertThat(updated).isEmpty();
        });
        assertThat(updated).extracting(e -> e.app().meta().get("n")).containsExactly(1, 2);
    }

    @Test
    void a_closed_subscription_receives_nothing_more() {
        List<AppRegistered> seen = new CopyOnWriteArrayList<>();
        Subscription subscription = persistence.on(AppRegistered.class, seen::add);
        persistence.registerApp(unique("app"), List.of(), List.of(), Map.of());
        subscription.close();
        subscription.close();
        persistence.registerApp(unique("app"), List.of(), List.of(), Map.of());
        assertThat(seen).hasSize(1);
    }

    @Test
    void closing_one_subscription_twice_leaves_another_of_the_same_listener_subscribed() {
        List<AppRegistered> seen = new CopyOnWriteArrayList<>();
        Consumer<AppRegistered> listener = seen::add;
        Subscription first = persistence.on(AppRegistered.class, listener);
        subscriptions.add(persistence.on(AppRegistered.class, listener));
        first.close();
        first.close();

        persistence.registerApp(unique("app"), List.of(), List.of(), Map.of());

        assertThat(seen).hasSize(1);
    }

    @Test
    void a_throwing_listener_harms_neither_the_writer_nor_other_listeners() {
        subscriptions.add(persistence.on(AppRegistered.class, e -> {
            throw new IllegalStateException("listener bug (expected in this test)");
        }));
        List<AppRegistered> seen = record(AppRegistered.class);
        String app = unique("app");
        try (LogCapture logs = LogCapture.start()) {
            App registered = persistence.registerApp(app, List.of(), List.of(), Map.of("token", "secret-7f3a"));
            assertThat(registered.appId()).isEqualTo(app);
            assertThat(logs.warnings()).singleElement().asString().contains("Listener for AppRegistered threw")
                    .doesNotContain("secret-7f3a");
        }
        assertThat(persistence.getApp(app)).isPresent();
        assertThat(seen).extracting(AppRegistered::appId).containsExactly(app);
    }

    @Test
    void a_listener_may_write_through_the_library() {
        List<PersistenceEvent> all = record(PersistenceEvent.class);
        String app = unique("app");
        subscriptions.add(persistence.on(AppRegistered.class, e -> {
            if (e.appId().equals(app)) {
                persistence.createPool(app + "-pool", PoolType.LOCAL, false, Map.of("owners", List.of(app)));
                persistence.updateApp(app, AppUpdate.builder().pools(List.of(app + "-pool")).build());
            }
        }));
        persistence.registerApp(app, List.of(), List.of(), Map.of());

        assertThat(persistence.getPool(app + "-pool")).isPresent();
        assertThat(persistence.getAppsByPool(app + "-pool")).extracting(App::appId).containsExactly(app);
        assertThat(all).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("AppRegistered", "PoolCreated", "AppUpdated");
    }

    @Test
    void events_of_concurrent_writers_arrive_in_commit_order() throws Exception {
        String app = unique("counter");
        persistence.registerApp(app, List.of(), List.of(), Map.of("n", 0));
        List<AppUpdated> updates = record(AppUpdated.class);
        int threads = 4;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        persistence.transaction(() -> {
                            int n = ((Number) persistence.getApp(app).orElseThrow().meta().get("n")).intValue();
                            persistence.updateApp(app, AppUpdate.builder().meta(Map.of("n", n + 1)).build());
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Integer> expected = new ArrayList<>();
        for (int n = 1; n <= threads * each; n++) {
            expected.add(n);
        }
        assertThat(updates).extracting(e -> ((Number) e.app().meta().get("n")).intValue()).isEqualTo(expected);
    }
}
