package io.latzero.persistence;

import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.Subscription;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.testing.SharedManager;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TransactionTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();
    private final List<PersistenceEvent> events = new CopyOnWriteArrayList<>();
    private Subscription subscription;

    @BeforeEach
    void listen() {
        subscription = persistence.on(PersistenceEvent.class, events::add);
    }

    @AfterEach
    void stopListening() {
        subscription.close();
    }

    @Test
    void a_committed_transaction_applies_every_change_at_once_and_returns_the_result() {
        String app = unique("app");
        String pool = unique("pool");
        String block = unique("block");
        String result = persistence.transaction(() -> {
            persistence.registerApp(app, List.of("t"), List.of(pool), Map.of());
            persistence.createPool(pool, PoolType.LOCAL, false, Map.of());
            persistence.createMemoryBlock(block, 1, BlockType.BINARY, Map.of("pool", pool));
            persistence.saveServerConfig(app, 1);
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(persistence.getApp(app)).isPresent();
        assertThat(persistence.getPool(pool)).isPresent();
        assertThat(persistence.getMemoryBlocksByPool(pool)).hasSize(1);
        assertThat(persistence.loadServerConfig(app)).contains(1);
        assertThat(events).hasSize(3);
    }

    @Test
    void a_rolled_back_transaction_leaves_no_trace_fires_nothing_and_rethrows_the_callers_exception() {
        String app = unique("app");
        String pool = unique("pool");
        String block = unique("block");
        String existing = unique("existing");
        persistence.registerApp(existing, List.of(), List.of(), Map.of("v", 1));
        events.clear();
        IllegalArgumentException boom = new IllegalArgumentException("boom");

        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp(app, List.of(), List.of(pool), Map.of());
            persistence.createPool(pool, PoolType.GLOBAL, false, Map.of());
            persistence.createMemoryBlock(block, 1, BlockType.JSON, Map.of("pool", pool));
            persistence.updateApp(existing, AppUpdate.builder().meta(Map.of("v", 2)).build());
            persistence.removeApp(existing);
            persistence.saveServerConfig(app, "x");
            throw boom;
        })).isSameAs(boom);

        assertThat(persistence.getApp(app)).isEmpty();
        assertThat(persistence.getAppsByPool(pool)).isEmpty();
        assertThat(persistence.getPool(pool)).isEmpty();
        assertThat(persistence.getMemoryBlock(block)).isEmpty();
        assertThat(persistence.getMemoryBlocksByPool(pool)).isEmpty();
        assertThat(persistence.loadServerConfig(app)).isEmpty();
        assertThat(persistence.getApp(existing).orElseThrow().meta()).isEqualTo(Map.of("v", 1));
        assertThat(events).isEmpty();
    }

    @Test
    void an_error_rolls_back_and_is_rethrown_unchanged() {
        String app = unique("app");
        AssertionError error = new AssertionError("fatal");
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp(app, List.of(), List.of(), Map.of());
            throw error;
        })).isSameAs(error);
        assertThat(persistence.getApp(app)).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void a_library_exception_inside_rolls_back_everything_before_it() {
        String app = unique("app");
        String dup = unique("dup");
        persistence.registerApp(dup, List.of(), List.of(), Map.of());
        events.clear();
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp(app, List.of(), List.of(), Map.of());
            persistence.registerApp(dup, List.of(), List.of(), Map.of());
        })).isInstanceOf(AlreadyExistsException.class);
        assertThat(persistence.getApp(app)).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void nested_transactions_join_the_outer_one() {
        String outer = unique("outer");
        String inner = unique("inner");
        RuntimeException boom = new IllegalStateException("late failure");
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp(outer, List.of(), List.of(), Map.of());
            persistence.transaction(() -> {
                persistence.registerApp(inner, List.of(), List.of(), Map.of());
            });
            assertThat(persistence.getApp(inner)).as("visible inside the outer transaction").isPresent();
            assertThat(events).as("nothing announced before the outer commit").isEmpty();
            throw boom;
        })).isSameAs(boom);
        assertThat(persistence.getApp(outer)).isEmpty();
        assertThat(persistence.getApp(inner)).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void a_caller_may_handle_an_expected_refusal_and_still_commit() {
        String app = unique("app");
        String dup = unique("dup");
        persistence.registerApp(dup, List.of(), List.of(), Map.of());
        persistence.transaction(() -> {
            persistence.registerApp(app, List.of(), List.of(), Map.of());
            assertThatThrownBy(() -> persistence.registerApp(dup, List.of(), List.of(), Map.of()))
                    .isInstanceOf(AlreadyExistsException.class);
            assertThatThrownBy(() -> persistence.updateApp(unique("missing"), AppUpdate.builder().build()))
                    .isInstanceOf(NotFoundException.class);
        });
        assertThat(persistence.getApp(app)).isPresent();
    }

    @Test
    void reads_inside_a_transaction_see_its_own_uncommitted_writes() {
        String app = unique("app");
        String pool = unique("pool");
        persistence.transaction(() -> {
            persistence.registerApp(app, List.of(), List.of(pool), Map.of());
            assertThat(persistence.getAppsByPool(pool)).extracting(a -> a.appId()).containsExactly(app);
            assertThat(persistence.getAllApps()).extracting(a -> a.appId()).contains(app);
            assertThat(persistence.getStats().activeTransactions()).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void a_transaction_on_the_memory_unit_rolls_back_trigger_records_and_joins_durable_calls() {
        String trigger = unique("trig");
        String app = unique("app");
        RuntimeException boom = new RuntimeException("boom");
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.createTriggerRecord(trigger, "a", 1, "d", null, null, Duration.ofMinutes(1));
            persistence.registerApp(app, List.of(), List.of(), Map.of());
            throw boom;
        }, false)).isSameAs(boom);
        assertThat(persistence.getTriggerRecord(trigger)).isEmpty();
        assertThat(persistence.getApp(app)).isEmpty();

        String kept = persistence.transaction(() -> persistence.createTriggerRecord(trigger, "a", 1, "d", null, null,
                Duration.ofMinutes(1)).id(), false);
        assertThat(persistence.getTriggerRecord(kept)).isPresent();
    }

    @Test
    void entityManager_is_the_running_transactions_and_refused_outside_one() {
        String app = unique("app");
        persistence.transaction(() -> {
            persistence.registerApp(app, List.of(), List.of(), Map.of());
            EntityManager em = persistence.entityManager();
            assertThat(em.isOpen()).isTrue();
            assertThat(em.getTransaction().isActive()).isTrue();
            assertThat(((Number) em.createNativeQuery("select count(*) from app_registry where app_id = ?1")
                    .setParameter(1, app).getSingleResult()).intValue()).isEqualTo(1);
        });
        assertThatThrownBy(persistence::entityManager).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    @Test
    void lifecycle_and_backup_calls_are_refused_inside_a_transaction() {
        persistence.transaction(() -> {
            assertThatThrownBy(persistence::shutdown).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(persistence::createBackup).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> persistence.restoreBackup(shared.dataDir().resolve("backups/x.db")))
                    .isInstanceOf(IllegalStateException.class);
        });
        assertThat(persistence.getAllApps()).isNotNull();
    }

    @Test
    void null_work_is_refused() {
        assertThatThrownBy(() -> persistence.transaction((Runnable) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> persistence.transaction((java.util.function.Supplier<Object>) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void the_runnable_form_commits_too() {
        String app = unique("app");
        persistence.transaction(() -> {
            persistence.registerApp(app, List.of(), List.of(), Map.of());
        });
        assertThat(persistence.getApp(app)).isPresent();
        assertThat(persistence.getStats().activeTransactions()).isZero();
    }
}
