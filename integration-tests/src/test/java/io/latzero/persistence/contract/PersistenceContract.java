package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.PersistenceStats;
import io.latzero.persistence.StorageException;
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
import io.latzero.persistence.testing.GuardedCalls;
import io.latzero.persistence.testing.LogCapture;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import io.latzero.persistence.trigger.TriggerRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API's behaviour, written once and run against every durable backend: each subclass says where the
 * durable unit lives, and every test starts from an empty store.
 */
abstract class PersistenceContract {
    private static final String OVER_ONE_MIB = "x".repeat((1 << 20) + 1);

    @TempDir
    Path dir;
    PersistenceManager persistence;
    final List<PersistenceEvent> events = new CopyOnWriteArrayList<>();

    /** Settings putting a fresh, empty durable store under test; {@code dataDir} is already set. */
    abstract PersistenceConfig.Builder store(PersistenceConfig.Builder builder);

    /** Drops whatever {@link #store} created outside {@code dir}. */
    abstract void dropStore();

    /** What {@code getStats().backupFormat()} reports on this backend. */
    abstract String backupFormat();

    /** What {@code getStats().synchronous()} reports on this backend with the default settings. */
    abstract String synchronous();

    PersistenceManager open(Path dataDir) {
        PersistenceManager manager = new PersistenceManager(settings(dataDir));
        manager.initialize();
        return manager;
    }

    /** A fresh, empty store's settings, without background work (no automatic backup or purge). */
    PersistenceConfig settings(Path dataDir) {
        return store(PersistenceConfig.builder().dataDir(dataDir).backupInterval(Duration.ZERO)
                .triggerPurgeInterval(Duration.ZERO)).build();
    }

    @BeforeEach
    void openStore() {
        persistence = open(dir);
        persistence.on(PersistenceEvent.class, events::add);
    }

    @AfterEach
    void closeStore() {
        try {
            persistence.close();
        } finally {
            dropStore();
        }
    }

    // ------------------------------------------------------------ apps

    @Test
    void an_app_is_registered_read_listed_found_by_pool_updated_and_removed() {
        App app = persistence.registerApp("app-1", List.of("t1"), List.of("p1", "p2"), Map.of("version", "1.0.0"));
        persistence.registerApp("app-2", null, List.of("p2"), null);

        assertThat(persistence.getApp("app-1")).contains(app);
        assertThat(persistence.getAllApps()).extracting(App::appId).containsExactly("app-1", "app-2");
        assertThat(persistence.getAppsByPool("p2")).extracting(App::appId).containsExactly("app-1", "app-2");
        assertThat(persistence.getAppsByPool("p1")).containsExactly(app);

        AppUpdate update = AppUpdate.builder().pools(List.of("p3")).meta(Map.of("version", "2")).rehydrated(true).build();
        App updated = persistence.updateApp("app-1", update);
        assertThat(updated.pools()).containsExactly("p3");
        assertThat(updated.meta()).isEqualTo(Map.of("version", "2"));
        assertThat(updated.rehydrated()).isTrue();
        assertThat(updated.registered()).isEqualTo(app.registered());
        assertThat(persistence.getAppsByPool("p1")).isEmpty();
        assertThat(persistence.getAppsByPool("p3")).containsExactly(updated);

        assertThat(persistence.removeApp("app-1")).isTrue();
        assertThat(persistence.removeApp("app-1")).isFalse();
        assertThat(persistence.getApp("app-1")).isEmpty();
        assertThat(persistence.getAppsByPool("p3")).isEmpty();
        assertThat(events).usingRecursiveFieldByFieldElementComparatorIgnoringFields("revision")
                .containsExactly(new AppRegistered("app-1", app),
                new AppRegistered("app-2", persistence.getApp("app-2").orElseThrow()),
                new AppUpdated("app-1", updated, update), new AppRemoved("app-1"));
    }

    @Test
    void apps_are_updated_many_times_in_a_row() {
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        for (int i = 0; i < 20; i++) {
            persistence.updateApp("a", AppUpdate.builder().meta(Map.of("n", i)).build());
        }
        assertThat(persistence.getApp("a").orElseThrow().meta()).isEqualTo(Map.of("n", 19));
    }

    @Test
    void app_errors_are_typed_and_write_nothing() {
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        assertThatThrownBy(() -> persistence.registerApp("a", List.of(), List.of(), Map.of()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> persistence.updateApp("missing", AppUpdate.builder().build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> persistence.registerApp(" ", List.of(), List.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> persistence.registerApp("b", List.of(), List.of(), Map.of("x", OVER_ONE_MIB)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(persistence.getAllApps()).hasSize(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void app_lookups_in_an_empty_store_find_nothing_and_bad_arguments_are_refused() {
        assertThat(persistence.getAllApps()).isEmpty();
        assertThat(persistence.getAppsByPool("p")).isEmpty();
        assertThat(persistence.getApp("a")).isEmpty();
        assertThat(persistence.removeApp("a")).isFalse();
        assertInvalid(() -> persistence.getApp(" "), "appId");
        assertInvalid(() -> persistence.getAppsByPool(""), "pool");
        assertInvalid(() -> persistence.removeApp(null), "appId");
        assertInvalid(() -> persistence.registerApp("a", Arrays.asList("t", null), List.of(), Map.of()), "triggers[1]");
        persistence.registerApp("a", List.of(), List.of("p"), Map.of());
        assertInvalid(() -> persistence.updateApp("a", null), "update");
        assertInvalid(() -> persistence.updateApp("a", AppUpdate.builder().pools(List.of("p", " ")).build()),
                "pools[1]");
        assertThat(persistence.getAppsByPool("p")).extracting(App::appId).containsExactly("a");
        assertThat(events).hasSize(1);
    }

    // ------------------------------------------------------------ pools

    @Test
    void duplicates_are_reported_to_the_caller_only_and_no_log_line_carries_stored_values() {
        String secret = "secret-value-7f3a";
        persistence.registerApp("a", List.of(), List.of(), Map.of("token", secret));
        persistence.createPool("p", PoolType.LOCAL, false, Map.of("token", secret));
        persistence.createMemoryBlock("b", 1, BlockType.JSON, Map.of("token", secret));
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> persistence.registerApp("a", List.of(), List.of(), Map.of("token", secret)))
                        .isInstanceOf(AlreadyExistsException.class).hasMessageNotContaining(secret);
                assertThatThrownBy(() -> persistence.createPool("p", PoolType.LOCAL, false, Map.of("token", secret)))
                        .isInstanceOf(AlreadyExistsException.class).hasMessageNotContaining(secret);
                assertThatThrownBy(() -> persistence.createMemoryBlock("b", 1, BlockType.JSON, Map.of("token", secret)))
                        .isInstanceOf(AlreadyExistsException.class).hasMessageNotContaining(secret);
            }
            assertThat(logs.warnings()).isEmpty();
            assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
        }
    }

    @Test
    void a_pool_is_created_read_listed_by_type_updated_and_removed() {
        Pool pool = persistence.createPool("data", PoolType.GLOBAL, true,
                Map.of("description", "shared", "owners", List.of("app-1"), "policies", Map.of("ttl", 5), "region", "eu"));
        persistence.createPool("local", PoolType.LOCAL, false, null);

        assertThat(pool.description()).isEqualTo("shared");
        assertThat(pool.owners()).containsExactly("app-1");
        assertThat(pool.config()).isEqualTo(Map.of("region", "eu"));
        assertThat(persistence.getPool("data")).contains(pool);
        assertThat(persistence.getAllPools()).extracting(Pool::name).containsExactly("data", "local");
        assertThat(persistence.getPoolsByType(PoolType.GLOBAL)).containsExactly(pool);

        PoolUpdate update = PoolUpdate.builder().type(PoolType.ENCRYPTED).description("moved").build();
        Pool updated = persistence.updatePool("data", update);
        assertThat(updated.type()).isEqualTo(PoolType.ENCRYPTED);
        assertThat(updated.description()).isEqualTo("moved");
        assertThat(persistence.getPoolsByType(PoolType.GLOBAL)).isEmpty();

        assertThat(persistence.removePool("data")).isTrue();
        assertThat(persistence.removePool("data")).isFalse();
        assertThat(events).usingRecursiveFieldByFieldElementComparatorIgnoringFields("revision")
                .containsExactly(new PoolCreated("data", pool),
                new PoolCreated("local", persistence.getPool("local").orElseThrow()),
                new PoolUpdated("data", updated, update), new PoolRemoved("data"));
    }

    @Test
    void pool_errors_are_typed_and_write_nothing() {
        persistence.createPool("p", PoolType.LOCAL, false, Map.of());
        assertThatThrownBy(() -> persistence.createPool("p", PoolType.LOCAL, false, Map.of()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> persistence.updatePool("missing", PoolUpdate.builder().build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> persistence.createPool("q", PoolType.LOCAL, false, Map.of("owners", "not-a-list")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(persistence.getAllPools()).hasSize(1);
    }

    @Test
    void pool_lookups_in_an_empty_store_find_nothing_and_bad_arguments_are_refused() {
        assertThat(persistence.getAllPools()).isEmpty();
        assertThat(persistence.getPoolsByType(PoolType.LOCAL)).isEmpty();
        assertThat(persistence.getPool("p")).isEmpty();
        assertThat(persistence.removePool("p")).isFalse();
        assertInvalid(() -> persistence.getPoolsByType(null), "type");
        assertInvalid(() -> persistence.createPool("p", null, false, Map.of()), "type");
        Pool pool = persistence.createPool("p", PoolType.LOCAL, false, Map.of("owners", List.of("a")));
        assertInvalid(() -> persistence.updatePool("p", PoolUpdate.builder().owners(Arrays.asList("b", null)).build()),
                "owners[1]");
        assertThat(persistence.getPool("p")).contains(pool);
        assertThat(persistence.getPoolsByType(PoolType.LOCAL)).containsExactly(pool);
        assertThat(events).hasSize(1);
    }

    // ------------------------------------------------------------ memory blocks

    @Test
    void a_memory_block_is_created_read_streamed_updated_with_its_version_and_removed() {
        MemoryBlock block = persistence.createMemoryBlock("b1", 1024, BlockType.JSON,
                Map.of("name", "cache", "pool", "p1", "persistent", true, "permissions", Map.of("read", List.of("a")), "ttl", 9));
        persistence.createMemoryBlock("b2", 0, BlockType.BINARY, null);

        assertThat(block.version()).isEqualTo(1);
        assertThat(block.config()).isEqualTo(Map.of("ttl", 9));
        assertThat(persistence.getMemoryBlock("b1")).contains(block);
        assertThat(persistence.getAllMemoryBlocks()).extracting(MemoryBlock::id).containsExactly("b1", "b2");
        assertThat(persistence.getMemoryBlocksByPool("p1")).containsExactly(block);
        List<String> streamed = new ArrayList<>();
        persistence.forEachMemoryBlock(b -> streamed.add(b.id()));
        assertThat(streamed).containsExactly("b1", "b2");

        MemoryBlockUpdate update = MemoryBlockUpdate.builder().size(2048).pool("p2").build();
        MemoryBlock updated = persistence.updateMemoryBlock("b1", update);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.size()).isEqualTo(2048);
        assertThat(persistence.getMemoryBlocksByPool("p1")).isEmpty();
        assertThat(persistence.getMemoryBlocksByPool("p2")).containsExactly(updated);

        assertThat(persistence.removeMemoryBlock("b1")).isTrue();
        assertThat(persistence.removeMemoryBlock("b1")).isFalse();
        assertThat(events).usingRecursiveFieldByFieldElementComparatorIgnoringFields("revision")
                .containsExactly(new MemoryBlockCreated("b1", block),
                new MemoryBlockCreated("b2", persistence.getMemoryBlock("b2").orElseThrow()),
                new MemoryBlockUpdated("b1", updated, update), new MemoryBlockRemoved("b1"));
    }

    @Test
    void memory_block_errors_are_typed_and_write_nothing() {
        persistence.createMemoryBlock("b", 1, BlockType.BINARY, Map.of());
        assertThatThrownBy(() -> persistence.createMemoryBlock("b", 1, BlockType.BINARY, Map.of()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> persistence.createMemoryBlock("c", -1, BlockType.BINARY, Map.of()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> persistence.updateMemoryBlock("missing", MemoryBlockUpdate.builder().build()))
                .isInstanceOf(NotFoundException.class);
        assertThat(persistence.getAllMemoryBlocks()).hasSize(1);
    }

    @Test
    void a_duplicate_block_caught_inside_a_transaction_leaves_the_rest_to_commit() {
        MemoryBlock taken = persistence.createMemoryBlock("taken", 1, BlockType.BINARY, Map.of());
        events.clear();
        persistence.transaction(() -> {
            persistence.createMemoryBlock("first", 2, BlockType.BINARY, Map.of());
            assertThatThrownBy(() -> persistence.createMemoryBlock("taken", 3, BlockType.JSON, Map.of()))
                    .isInstanceOf(AlreadyExistsException.class);
            assertThatThrownBy(() -> persistence.createMemoryBlock("first", 4, BlockType.JSON, Map.of()))
                    .isInstanceOf(AlreadyExistsException.class);
            persistence.createMemoryBlock("second", 5, BlockType.BINARY, Map.of());
        });
        assertThat(persistence.getMemoryBlock("taken")).contains(taken);
        assertThat(persistence.getAllMemoryBlocks()).extracting(MemoryBlock::size).containsExactly(2L, 5L, 1L);
        assertThat(events).extracting(e -> ((MemoryBlockCreated) e).blockId()).containsExactly("first", "second");
    }

    @Test
    void blocks_are_streamed_and_listed_by_pool_in_id_order_and_bad_arguments_are_refused() {
        persistence.forEachMemoryBlock(b -> {
            throw new AssertionError("an empty store has no block, but got " + b);
        });
        assertThat(persistence.getMemoryBlocksByPool("p")).isEmpty();
        for (String id : List.of("c", "a", "b")) {
            persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("pool", id.equals("b") ? "q" : "p"));
        }
        List<MemoryBlock> streamed = new ArrayList<>();
        persistence.forEachMemoryBlock(streamed::add);
        assertThat(streamed).isEqualTo(persistence.getAllMemoryBlocks()).extracting(MemoryBlock::id)
                .containsExactly("a", "b", "c");
        assertThat(persistence.getMemoryBlocksByPool("p")).extracting(MemoryBlock::id).containsExactly("a", "c");
        assertThat(persistence.getMemoryBlocksByPool("missing")).isEmpty();
        assertInvalid(() -> persistence.getMemoryBlocksByPool(" "), "pool");
        assertInvalid(() -> persistence.forEachMemoryBlock(null), "consumer");
        assertInvalid(() -> persistence.createMemoryBlock("d", 1, null, Map.of()), "type");
        assertThat(persistence.getAllMemoryBlocks()).hasSize(3);
    }

    @Test
    void server_config_is_saved_replaced_loaded_as_json_or_a_type_and_removed() {
        persistence.saveServerConfig("limits", Map.of("max", 5));
        persistence.saveServerConfig("limits", Map.of("max", 7, "names", List.of("a")));
        persistence.saveServerConfig("port", 8080);

        assertThat(persistence.loadServerConfig("limits")).contains(Map.of("max", 7, "names", List.of("a")));
        assertThat(persistence.loadServerConfig("port", Integer.class)).contains(8080);
        assertThat(persistence.loadServerConfig("missing")).isEmpty();
        assertThat(persistence.removeServerConfig("port")).isTrue();
        assertThat(persistence.removeServerConfig("port")).isFalse();
        assertThatThrownBy(() -> persistence.saveServerConfig("bad", OVER_ONE_MIB)).isInstanceOf(InvalidInputException.class);
    }

    /** A server config value read back as a type of the caller's. */
    record Limits(int max, List<String> names) {
    }

    @Test
    void loadServerConfig_converts_to_the_type_asked_for_and_refuses_what_does_not_convert() {
        persistence.saveServerConfig("limits", Map.of("max", 7, "names", List.of("a")));
        assertThat(persistence.loadServerConfig("limits", Limits.class)).contains(new Limits(7, List.of("a")));
        assertThat(persistence.loadServerConfig("missing", Limits.class)).isEmpty();
        assertThatThrownBy(() -> persistence.loadServerConfig("limits", Integer.class))
                .isInstanceOf(LatZeroPersistenceException.class).hasMessageContaining("Integer");
        assertInvalid(() -> persistence.loadServerConfig("limits", null), "type");
        assertInvalid(() -> persistence.loadServerConfig(" "), "key");
        assertInvalid(() -> persistence.saveServerConfig("", 1), "key");
        assertInvalid(() -> persistence.removeServerConfig(null), "key");
        assertThat(persistence.loadServerConfig("limits")).contains(Map.of("max", 7, "names", List.of("a")));
    }

    // ------------------------------------------------------------ trigger records (in-memory unit on every backend)

    @Test
    void trigger_records_are_dispatched_completed_listed_and_purged() {
        TriggerRecord created = persistence.createTriggerRecord("t1", "app-1", 7, "dest", "p1", "proc", Duration.ofMinutes(5));
        TriggerRecord shortLived = persistence.createTriggerRecord("t2", "app-1", 7, "dest", "p1", "proc", Duration.ofMillis(1));
        awaitExpiry(shortLived);
        assertThat(persistence.getTriggerRecord("t1")).contains(created);
        assertThat(persistence.markTriggerDispatched("t1", "app-2").dispatchedTo()).isEqualTo("app-2");
        assertThat(persistence.getPendingTriggers("dest")).extracting(TriggerRecord::id).containsExactly("t1");
        assertThat(persistence.completeTrigger("t1").completed()).isTrue();
        assertThat(persistence.getPendingTriggers("dest")).isEmpty();
        assertThat(persistence.purgeExpiredTriggers()).isEqualTo(1);
        assertThat(persistence.removeTriggerRecord("t1")).isTrue();
        assertThat(persistence.removeTriggerRecord("t1")).isFalse();
        assertThatThrownBy(() -> persistence.completeTrigger("t1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void trigger_record_errors_are_typed_and_write_nothing() {
        TriggerRecord record = persistence.createTriggerRecord("t", "a", 1, "d", null, null, Duration.ofMinutes(5));
        assertThatThrownBy(() -> persistence.createTriggerRecord("t", "b", 2, "e", null, null, Duration.ofMinutes(5)))
                .isInstanceOf(AlreadyExistsException.class);
        assertInvalid(() -> persistence.createTriggerRecord("u", "a", 1, "d", null, null, Duration.ZERO), "ttl");
        assertInvalid(() -> persistence.createTriggerRecord(" ", "a", 1, "d", null, null, Duration.ofMinutes(5)), "id");
        assertThatThrownBy(() -> persistence.markTriggerDispatched("missing", "w"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> persistence.completeTrigger("missing")).isInstanceOf(NotFoundException.class);
        assertInvalid(() -> persistence.markTriggerDispatched("t", " "), "dispatchedTo");
        assertInvalid(() -> persistence.getPendingTriggers(""), "destination");
        assertInvalid(() -> persistence.getTriggerRecord(null), "id");
        assertThat(persistence.getPendingTriggers("nobody")).isEmpty();
        assertThat(persistence.removeTriggerRecord("missing")).isFalse();
        assertThat(persistence.purgeExpiredTriggers()).as("nothing has expired").isZero();
        assertThat(persistence.getTriggerRecord("t")).contains(record);
        assertThat(persistence.getPendingTriggers("d")).containsExactly(record);
        assertThat(persistence.getStats().rowCounts()).containsEntry("trigger_records", 1L);
    }

    /** Waits (a few milliseconds at most) until the record's TTL has passed, so the test never races the clock. */
    private static void awaitExpiry(TriggerRecord record) {
        while (!Instant.now().isAfter(record.expiresAt())) {
            Thread.onSpinWait();
        }
    }

    // ------------------------------------------------------------ transactions

    @Test
    void a_transaction_commits_everything_together_and_nested_calls_join_it() {
        persistence.transaction(() -> {
            persistence.registerApp("a", List.of(), List.of("p"), Map.of());
            persistence.transaction(() -> persistence.createPool("p", PoolType.LOCAL, false, Map.of()));
            persistence.saveServerConfig("k", "v");
        });
        assertThat(persistence.getApp("a")).isPresent();
        assertThat(persistence.getPool("p")).isPresent();
        assertThat(persistence.loadServerConfig("k")).contains("v");
        assertThat(events).hasSize(2);
    }

    @Test
    void a_failed_transaction_leaves_no_trace_and_fires_no_event() {
        persistence.registerApp("kept", List.of(), List.of(), Map.of());
        events.clear();
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp("a", List.of(), List.of("p"), Map.of());
            persistence.updateApp("kept", AppUpdate.builder().meta(Map.of("changed", true)).build());
            persistence.createMemoryBlock("b", 1, BlockType.BINARY, Map.of());
            throw new IllegalArgumentException("caller's own failure");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("caller's own failure");

        assertThat(persistence.getApp("a")).isEmpty();
        assertThat(persistence.getAppsByPool("p")).isEmpty();
        assertThat(persistence.getApp("kept").orElseThrow().meta()).isEmpty();
        assertThat(persistence.getMemoryBlock("b")).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void a_failed_call_inside_a_transaction_rolls_back_its_earlier_work() {
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.createPool("p", PoolType.LOCAL, false, Map.of());
            persistence.registerApp("a", List.of(), List.of(), Map.of());
        })).isInstanceOf(AlreadyExistsException.class);
        assertThat(persistence.getPool("p")).isEmpty();
    }

    @Test
    void a_failed_nested_transaction_rolls_back_only_its_own_work_on_both_units() {
        persistence.transaction(() -> {
            persistence.registerApp("outer", List.of(), List.of(), Map.of());
            persistence.createTriggerRecord("t-outer", "outer", 1, "d", null, null, Duration.ofMinutes(1));
            assertThatThrownBy(() -> persistence.transaction(() -> {
                persistence.registerApp("inner", List.of(), List.of(), Map.of());
                persistence.createTriggerRecord("t-inner", "inner", 1, "d", null, null, Duration.ofMinutes(1));
                // A refusal by the library inside the nested work leaves the transaction usable.
                persistence.registerApp("outer", List.of(), List.of(), Map.of());
            })).isInstanceOf(AlreadyExistsException.class);
            persistence.createPool("after", PoolType.LOCAL, false, Map.of());
        });
        assertThat(persistence.getApp("outer")).isPresent();
        assertThat(persistence.getPool("after")).isPresent();
        assertThat(persistence.getTriggerRecord("t-outer")).isPresent();
        assertThat(persistence.getApp("inner")).isEmpty();
        assertThat(persistence.getTriggerRecord("t-inner")).isEmpty();
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("AppRegistered", "PoolCreated");
    }

    @Test
    void a_database_failure_inside_a_caught_nested_transaction_fails_the_whole_transaction() {
        persistence.registerApp("dup", List.of(), List.of(), Map.of());
        events.clear();
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp("outer", List.of(), List.of(), Map.of());
            assertThatThrownBy(() -> persistence.transaction(() -> {
                persistence.entityManager().createNativeQuery("insert into app_registry (app_id, pools, triggers, meta,"
                        + " protocol_version, last_seen) values ('dup', '[]', '[]', '{}', '1.0', 0)").executeUpdate();
            })).isInstanceOf(io.latzero.persistence.LatZeroPersistenceException.class);
        })).isInstanceOf(io.latzero.persistence.StorageException.class).hasMessageContaining("marked for rollback");
        assertThat(persistence.getApp("outer")).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void the_entity_manager_of_a_transaction_sees_its_uncommitted_work() {
        persistence.transaction(() -> {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            assertThat(persistence.entityManager()
                    .createQuery("select count(a) from AppEntity a", Long.class).getSingleResult()).isEqualTo(1L);
        });
        assertThatThrownBy(() -> persistence.entityManager()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_transaction_begun_on_the_in_memory_unit_carries_durable_calls_and_rolls_both_back_on_failure() {
        String result = persistence.transaction(() -> {
            persistence.createTriggerRecord("t1", "a", 1, "d", null, null, Duration.ofMinutes(1));
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            return "done";
        }, false);
        assertThat(result).isEqualTo("done");
        assertThat(persistence.getTriggerRecord("t1")).isPresent();
        assertThat(persistence.getApp("a")).isPresent();

        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.createTriggerRecord("t2", "b", 1, "d", null, null, Duration.ofMinutes(1));
            persistence.registerApp("b", List.of(), List.of(), Map.of());
            throw new IllegalArgumentException("caller's own failure");
        }, false)).isInstanceOf(IllegalArgumentException.class).hasMessage("caller's own failure");
        assertThat(persistence.getTriggerRecord("t2")).isEmpty();
        assertThat(persistence.getApp("b")).isEmpty();
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("AppRegistered");
    }

    // ------------------------------------------------------------ stats, backups, export and import

    @Test
    void stats_count_rows_and_name_the_backup_format() {
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        persistence.createTriggerRecord("t", "a", 1, "d", null, null, Duration.ofMinutes(1));
        PersistenceStats stats = persistence.getStats();
        assertThat(stats.rowCounts()).containsEntry("app_registry", 1L).containsEntry("trigger_records", 1L)
                .containsEntry("pool_metadata", 0L);
        assertThat(stats.backupFormat()).isEqualTo(backupFormat());
        assertThat(stats.schemaVersion()).isEqualTo("4");
        assertThat(stats.synchronous()).isEqualTo(synchronous());
        assertThat(stats.durabilityWindow()).as("no durability window at FULL, nor on PostgreSQL").isNull();
        assertThat(stats.walSyncs()).isZero();
    }

    @Test
    void a_backup_is_listed_and_restoring_it_brings_back_its_state_only() {
        persistence.registerApp("before", List.of(), List.of("p"), Map.of());
        Path backup = persistence.createBackup();
        assertThat(events).last().isEqualTo(new BackupCreated(backup));
        assertThat(persistence.listBackups()).containsExactly(backup);
        persistence.registerApp("after", List.of(), List.of("p"), Map.of());

        persistence.restoreBackup(backup);

        assertThat(persistence.getAllApps()).extracting(App::appId).containsExactly("before");
        assertThat(persistence.getAppsByPool("p")).extracting(App::appId).containsExactly("before");
        assertThat(persistence.listBackups()).hasSize(2);
        persistence.registerApp("after", List.of(), List.of(), Map.of());
        assertThat(persistence.getAllApps()).hasSize(2);
    }

    @Test
    void restoreBackup_refuses_missing_outside_altered_and_foreign_files_and_changes_nothing() throws Exception {
        assertThat(persistence.listBackups()).as("a fresh store has no backup").isEmpty();
        persistence.registerApp("live", List.of(), List.of(), Map.of());
        Path backup = persistence.createBackup();
        Path backups = backup.getParent();
        String name = backup.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.'));
        Path outside = Files.copy(backup, dir.resolve("latzero-outside" + extension));
        Path altered = Files.copy(backup, backups.resolve("latzero-altered" + extension));
        Files.copy(backups.resolve(name + ".sha256"), backups.resolve(altered.getFileName() + ".sha256"));
        Files.write(altered, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        Path foreign = Files.writeString(backups.resolve("latzero-foreign" + extension), "not a LatZero backup\n");
        Files.writeString(backups.resolve(foreign.getFileName() + ".sha256"),
                sha256(foreign) + "  " + foreign.getFileName());
        persistence.registerApp("after", List.of(), List.of(), Map.of());

        assertInvalid(() -> persistence.restoreBackup(null), "backup");
        assertInvalid(() -> persistence.restoreBackup(backups.resolve("latzero-missing" + extension)), "backup");
        assertInvalid(() -> persistence.restoreBackup(outside), "backup");
        assertInvalid(() -> persistence.restoreBackup(backups.resolve("not a backup.txt")), "backup");
        assertThatThrownBy(() -> persistence.restoreBackup(altered)).isInstanceOf(StorageException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> persistence.restoreBackup(foreign)).isInstanceOf(StorageException.class)
                .hasMessageContaining(foreign.getFileName().toString());

        assertThat(persistence.getAllApps()).extracting(App::appId).containsExactly("after", "live");
        assertThat(persistence.listBackups()).as("no safety backup was taken").containsExactly(backup);
        assertThat(events).filteredOn(BackupCreated.class::isInstance).hasSize(1);
    }

    @Test
    void backups_exports_imports_and_shutdown_are_refused_inside_a_transaction_and_a_listener() throws Exception {
        Path backup = persistence.createBackup();
        Path importable = dir.resolve("importable.ndjson");
        persistence.exportTo(importable);
        Path export = dir.resolve("export.ndjson");
        Map<String, Runnable> refused = new LinkedHashMap<>();
        refused.put("createBackup", persistence::createBackup);
        refused.put("restoreBackup", () -> persistence.restoreBackup(backup));
        refused.put("exportTo", () -> persistence.exportTo(export));
        refused.put("importFrom", () -> persistence.importFrom(importable));
        refused.put("shutdown", persistence::shutdown);
        persistence.transaction(() -> refused.forEach((name, call) -> assertThatThrownBy(call::run).as(name)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(name + "()")));
        Map<String, Throwable> inListener = new ConcurrentHashMap<>();
        try (Subscription subscription = persistence.on(AppRegistered.class, e -> refused.forEach((name, call) -> {
            try {
                call.run();
            } catch (RuntimeException refusal) {
                inListener.put(name, refusal);
            }
        }))) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
        }
        assertThat(inListener).containsOnlyKeys(refused.keySet()).allSatisfy((name, refusal) ->
                assertThat(refusal).as(name).isInstanceOf(IllegalStateException.class));
        assertThat(export).doesNotExist();
        assertThat(persistence.listBackups()).containsExactly(backup);
        assertThat(persistence.getAllApps()).extracting(App::appId).containsExactly("a");
    }

    @Test
    void an_export_imports_into_an_empty_store_with_every_record_intact() throws Exception {
        persistence.registerApp("a", List.of("t"), List.of("p"), Map.of("nested", Map.of("x", List.of(1, 2))));
        persistence.createPool("p", PoolType.GLOBAL, true, Map.of("owners", List.of("a")));
        persistence.createMemoryBlock("b", 5, BlockType.STREAM, Map.of("pool", "p", "extra", "é ✓"));
        persistence.updateMemoryBlock("b", MemoryBlockUpdate.builder().size(6).build());
        persistence.saveServerConfig("k", List.of(1, "two"));
        Path file = dir.resolve("export.ndjson");

        TransferSummary exported = persistence.exportTo(file);
        assertThat(exported.file()).as("the summary names the file written").isEqualTo(file.toAbsolutePath().normalize());
        assertThat(exported.records()).containsEntry("app_registry", 1L).containsEntry("memory_blocks", 1L);
        assertThat(Files.readAllLines(file)).hasSize(6);

        PersistenceManager target = open(Files.createDirectory(dir.resolve("other")));
        try {
            assertThat(target.getApp("a")).as("looked up before the import").isEmpty();
            assertThat(target.getAppsByPool("p")).isEmpty();
            assertThat(target.importFrom(file).total()).isEqualTo(4);
            assertThat(target.getApp("a")).isEqualTo(persistence.getApp("a")).isPresent();
            assertThat(target.getAllApps()).isEqualTo(persistence.getAllApps());
            assertThat(target.getAppsByPool("p")).isEqualTo(persistence.getAppsByPool("p"));
            assertThat(target.getAllPools()).isEqualTo(persistence.getAllPools());
            assertThat(target.getAllMemoryBlocks()).isEqualTo(persistence.getAllMemoryBlocks());
            assertThat(target.loadServerConfig("k")).isEqualTo(persistence.loadServerConfig("k"));
            assertThatThrownBy(() -> target.importFrom(file)).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("store"));
            target.updateMemoryBlock("b", MemoryBlockUpdate.builder().size(7).build());
            assertThat(target.getMemoryBlock("b").orElseThrow().version()).isEqualTo(3);
        } finally {
            target.close();
        }
    }

    @Test
    void an_invalid_export_is_refused_whole_naming_the_line() throws Exception {
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        persistence.registerApp("b", List.of(), List.of(), Map.of());
        Path file = dir.resolve("export.ndjson");
        persistence.exportTo(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Path broken = dir.resolve("broken.ndjson");
        lines.set(2, lines.get(2).replace("\"meta\":\"{}\"", "\"meta\":\"[not json\""));
        Files.write(broken, lines);
        Path truncated = dir.resolve("truncated.ndjson");
        Files.write(truncated, Files.readAllLines(file).subList(0, 3));

        PersistenceManager target = open(Files.createDirectory(dir.resolve("other")));
        try {
            assertThatThrownBy(() -> target.importFrom(broken)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("line 3").hasMessageContaining("meta");
            assertThatThrownBy(() -> target.importFrom(truncated)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("end line");
            assertThat(target.getAllApps()).isEmpty();
        } finally {
            target.close();
        }
    }

    @Test
    void export_and_import_refuse_bad_paths_and_write_nothing() throws Exception {
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        Path notAnExport = Files.writeString(dir.resolve("notes.txt"), "not an export\n");
        assertInvalid(() -> persistence.exportTo(null), "target");
        assertInvalid(() -> persistence.exportTo(dir), "target");
        Path nowhere = dir.resolve("missing-directory").resolve("export.ndjson");
        assertThatThrownBy(() -> persistence.exportTo(nowhere)).isInstanceOf(StorageException.class);
        assertThat(nowhere.getParent()).doesNotExist();

        PersistenceManager target = open(Files.createDirectory(dir.resolve("other")));
        try {
            assertInvalid(() -> target.importFrom(null), "source");
            assertInvalid(() -> target.importFrom(dir.resolve("missing.ndjson")), "source");
            assertInvalid(() -> target.importFrom(dir), "source");
            assertThatThrownBy(() -> target.importFrom(notAnExport)).isInstanceOf(InvalidInputException.class);
            assertThat(target.getAllApps()).isEmpty();
            assertThat(target.getStats().rowCounts()).containsOnlyKeys("app_registry", "pool_metadata",
                    "memory_blocks", "server_config", "trigger_records")
                    .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
        } finally {
            target.close();
        }
        assertThat(Files.readString(notAnExport)).isEqualTo("not an export\n");
    }

    @Test
    void export_and_import_report_their_progress_up_to_the_total() throws Exception {
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        persistence.registerApp("b", List.of(), List.of(), Map.of());
        persistence.createPool("p", PoolType.LOCAL, false, Map.of());
        persistence.saveServerConfig("k", 1);
        Path file = dir.resolve("export.ndjson");
        List<long[]> exported = new ArrayList<>();
        assertThat(persistence.exportTo(file, (done, total) -> exported.add(new long[] {done, total})).total())
                .isEqualTo(4);
        assertProgress(exported, 4);

        PersistenceManager target = open(Files.createDirectory(dir.resolve("other")));
        try {
            List<long[]> imported = new ArrayList<>();
            assertThat(target.importFrom(file, (done, total) -> imported.add(new long[] {done, total})).total())
                    .isEqualTo(4);
            assertProgress(imported, 4);
            assertThat(target.getAllApps()).isEqualTo(persistence.getAllApps());
        } finally {
            target.close();
        }
    }

    /** Progress never goes back, always names the same total, and ends at it. */
    private static void assertProgress(List<long[]> updates, long total) {
        assertThat(updates).isNotEmpty().allSatisfy(update -> assertThat(update[1]).isEqualTo(total));
        assertThat(updates).extracting(update -> update[0]).isSorted();
        assertThat(updates.get(updates.size() - 1)[0]).isEqualTo(total);
    }

    @Test
    void timestamps_survive_the_store_to_the_millisecond() {
        Instant seen = Instant.parse("2030-01-02T03:04:05.678Z");
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        assertThat(persistence.updateApp("a", AppUpdate.builder().lastSeen(seen).build()).lastSeen()).isEqualTo(seen);
        assertThat(persistence.getApp("a").orElseThrow().lastSeen()).isEqualTo(seen);
    }

    // ------------------------------------------------------------ events

    @Test
    void a_subscription_gets_its_type_only_until_it_is_closed_and_a_throwing_listener_is_skipped() {
        List<AppRegistered> registered = new CopyOnWriteArrayList<>();
        Consumer<AppRegistered> listener = registered::add;
        Subscription first = persistence.on(AppRegistered.class, listener);
        Subscription second = persistence.on(AppRegistered.class, listener);
        persistence.on(PersistenceEvent.class, e -> {
            throw new IllegalStateException("a listener's own failure");
        });
        try (LogCapture logs = LogCapture.start()) {
            App app = persistence.registerApp("a", List.of(), List.of(), Map.of());
            persistence.createPool("p", PoolType.LOCAL, false, Map.of());
            assertThat(registered).usingRecursiveFieldByFieldElementComparatorIgnoringFields("revision")
                .containsExactly(new AppRegistered("a", app), new AppRegistered("a", app));
            assertThat(events).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("AppRegistered", "PoolCreated");
            assertThat(logs.warnings()).isNotEmpty();
        }
        assertThat(persistence.getApp("a")).as("a throwing listener undoes nothing").isPresent();

        first.close();
        first.close();
        persistence.registerApp("b", List.of(), List.of(), Map.of());
        assertThat(registered).as("the same listener's other subscription stays").hasSize(3);
        second.close();
        persistence.registerApp("c", List.of(), List.of(), Map.of());
        assertThat(registered).hasSize(3);
        assertThat(events).hasSize(4);
    }

    // ------------------------------------------------------------ lifecycle

    @Test
    void every_call_but_the_lifecycle_ones_is_refused_before_initialize_and_after_shutdown() {
        Path importable = dir.resolve("importable.ndjson");
        persistence.exportTo(importable);
        Path data = dir.resolve("other");
        PersistenceConfig config = settings(data);
        PersistenceManager manager = new PersistenceManager(config);
        Map<String, Consumer<PersistenceManager>> calls = GuardedCalls.of(data);
        calls.put("importFrom", p -> p.importFrom(importable));
        calls.put("importFrom(progress)", p -> p.importFrom(importable, TransferProgress.NONE));
        assertThat(manager.config()).isSameAs(config);
        List<PersistenceEvent> seen = new CopyOnWriteArrayList<>();
        manager.on(PersistenceEvent.class, seen::add);
        calls.forEach((name, call) -> assertThatThrownBy(() -> call.accept(manager)).as(name)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("initialize()"));
        try {
            manager.initialize();
            manager.initialize();
            manager.registerApp("a", List.of(), List.of(), Map.of());
            assertThat(manager.getAllApps()).extracting(App::appId).containsExactly("a");
            assertThat(seen).hasSize(1);
        } finally {
            manager.shutdown();
        }
        manager.shutdown();
        manager.close();
        calls.forEach((name, call) -> assertThatThrownBy(() -> call.accept(manager)).as(name)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down"));
        assertThatThrownBy(manager::initialize).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
        assertThat(persistence.getAllApps()).as("another manager's shutdown leaves this one open").isEmpty();
    }

    @Test
    void jpa_properties_given_to_the_constructor_reach_the_durable_unit() {
        try (PersistenceManager manager = new PersistenceManager(settings(dir.resolve("other")),
                Map.of("latzero.contract.marker", "passed-through"))) {
            manager.initialize();
            manager.transaction(() -> assertThat(manager.entityManager().getEntityManagerFactory().getProperties())
                    .containsEntry("latzero.contract.marker", "passed-through"));
        }
    }

    // ------------------------------------------------------------ helpers

    /** Asserts that {@code call} is refused as invalid input naming {@code field}. */
    private static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
