package io.latzero.persistence;

import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.App;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.Subscription;
import io.latzero.persistence.testing.SharedManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code transaction} inside another runs in a savepoint: if it throws, only its own changes and events go, and
 * the enclosing transaction may catch the failure and commit the rest. Run on a durable file (group commit) and in
 * memory mode; the contract IT runs the same on PostgreSQL.
 */
class NestedTransactionTest {

    @Nested
    class OnADataDirectory extends Cases {
        @RegisterExtension
        static final SharedManager shared = new SharedManager();

        @Override
        PersistenceManager persistence() {
            return shared.manager();
        }
    }

    @Nested
    class InMemoryMode extends Cases {
        @RegisterExtension
        static final SharedManager shared = new SharedManager(settings -> settings.memoryMode(true));

        @Override
        PersistenceManager persistence() {
            return shared.manager();
        }
    }

    abstract static class Cases {
        private final List<PersistenceEvent> events = new CopyOnWriteArrayList<>();
        private PersistenceManager persistence;
        private Subscription subscription;

        abstract PersistenceManager persistence();

        @BeforeEach
        void listen() {
            persistence = persistence();
            subscription = persistence.on(PersistenceEvent.class, events::add);
        }

        @AfterEach
        void stopListening() {
            subscription.close();
        }

        @Test
        void a_failed_nested_transaction_that_the_caller_catches_leaves_no_trace_and_fires_nothing() {
            String outer = unique("outer");
            String inner = unique("inner");
            persistence.transaction(() -> {
                persistence.registerApp(outer, List.of(), List.of(), Map.of());
                RuntimeException boom = new IllegalStateException("inner failure");
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.registerApp(inner, List.of(), List.of(), Map.of());
                    throw boom;
                })).isSameAs(boom);
                assertThat(persistence.getApp(inner)).as("gone inside the outer transaction too").isEmpty();
                assertThat(persistence.getApp(outer)).isPresent();
            });
            assertThat(persistence.getApp(outer)).isPresent();
            assertThat(persistence.getApp(inner)).isEmpty();
            assertThat(appsRegistered()).containsExactly(outer);
        }

        @Test
        void the_outer_transaction_can_redo_what_a_failed_nested_one_undid() {
            String app = unique("app");
            persistence.transaction(() -> {
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.registerApp(app, List.of("first"), List.of(), Map.of());
                    throw new IllegalArgumentException("changed my mind");
                })).isInstanceOf(IllegalArgumentException.class);
                persistence.registerApp(app, List.of("second"), List.of(), Map.of());
            });
            assertThat(persistence.getApp(app)).map(App::triggers).contains(List.of("second"));
            assertThat(appsRegistered()).containsExactly(app);
        }

        @Test
        void a_nested_transaction_that_returns_commits_with_the_outer_one() {
            String outer = unique("outer");
            String inner = unique("inner");
            String result = persistence.transaction(() -> {
                persistence.registerApp(outer, List.of(), List.of(), Map.of());
                return persistence.transaction(() -> persistence.registerApp(inner, List.of(), List.of(), Map.of())
                        .appId());
            });
            assertThat(result).isEqualTo(inner);
            assertThat(persistence.getApp(inner)).isPresent();
            assertThat(appsRegistered()).containsExactly(outer, inner);
        }

        @Test
        void only_the_innermost_failed_level_rolls_back_when_transactions_nest_three_deep() {
            String first = unique("first");
            String second = unique("second");
            String third = unique("third");
            String afterwards = unique("afterwards");
            persistence.transaction(() -> {
                persistence.registerApp(first, List.of(), List.of(), Map.of());
                persistence.transaction(() -> {
                    persistence.registerApp(second, List.of(), List.of(), Map.of());
                    assertThatThrownBy(() -> persistence.transaction(() -> {
                        persistence.registerApp(third, List.of(), List.of(), Map.of());
                        throw new IllegalStateException("third fails");
                    })).hasMessage("third fails");
                    persistence.registerApp(afterwards, List.of(), List.of(), Map.of());
                });
            });
            assertThat(persistence.getApp(third)).isEmpty();
            assertThat(appsRegistered()).containsExactly(first, second, afterwards);
        }

        @Test
        void a_failed_middle_level_takes_its_committed_inner_level_with_it() {
            String outer = unique("outer");
            String middle = unique("middle");
            String inner = unique("inner");
            persistence.transaction(() -> {
                persistence.registerApp(outer, List.of(), List.of(), Map.of());
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.registerApp(middle, List.of(), List.of(), Map.of());
                    persistence.transaction(() -> persistence.registerApp(inner, List.of(), List.of(), Map.of()));
                    throw new IllegalStateException("middle fails after its inner level returned");
                })).isInstanceOf(IllegalStateException.class);
            });
            assertThat(persistence.getApp(middle)).isEmpty();
            assertThat(persistence.getApp(inner)).isEmpty();
            assertThat(appsRegistered()).containsExactly(outer);
        }

        @Test
        void a_failed_nested_transaction_on_the_memory_unit_rolls_back_only_its_trigger_records() {
            String kept = unique("kept");
            String dropped = unique("dropped");
            persistence.transaction(() -> {
                persistence.createTriggerRecord(kept, "a", 1, "d", null, null, Duration.ofMinutes(1));
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.createTriggerRecord(dropped, "a", 1, "d", null, null, Duration.ofMinutes(1));
                    throw new IllegalStateException("boom");
                }, false)).isInstanceOf(IllegalStateException.class);
                return null;
            }, false);
            assertThat(persistence.getTriggerRecord(kept)).isPresent();
            assertThat(persistence.getTriggerRecord(dropped)).isEmpty();
        }

        @Test
        void a_failed_nested_transaction_rolls_back_both_units_and_keeps_both_outer_changes() {
            String keptApp = unique("kept-app");
            String keptTrigger = unique("kept-trigger");
            String droppedApp = unique("dropped-app");
            String droppedTrigger = unique("dropped-trigger");
            persistence.transaction(() -> {
                persistence.registerApp(keptApp, List.of(), List.of(), Map.of());
                persistence.createTriggerRecord(keptTrigger, keptApp, 1, "d", null, null, Duration.ofMinutes(1));
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.createTriggerRecord(droppedTrigger, keptApp, 1, "d", null, null, Duration.ofMinutes(1));
                    persistence.registerApp(droppedApp, List.of(), List.of(), Map.of());
                    throw new IllegalStateException("boom");
                })).isInstanceOf(IllegalStateException.class);
            });
            assertThat(persistence.getApp(keptApp)).isPresent();
            assertThat(persistence.getTriggerRecord(keptTrigger)).isPresent();
            assertThat(persistence.getApp(droppedApp)).isEmpty();
            assertThat(persistence.getTriggerRecord(droppedTrigger)).isEmpty();
            assertThat(appsRegistered()).containsExactly(keptApp);
        }

        @Test
        void a_unit_first_used_inside_a_failed_nested_transaction_is_rolled_back_to_where_it_began() {
            String trigger = unique("trigger");
            String app = unique("app");
            persistence.transaction(() -> {
                persistence.createTriggerRecord(trigger, "a", 1, "d", null, null, Duration.ofMinutes(1));
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.registerApp(app, List.of(), List.of(), Map.of());
                    throw new IllegalStateException("boom");
                })).isInstanceOf(IllegalStateException.class);
                return null;
            }, false);
            assertThat(persistence.getTriggerRecord(trigger)).isPresent();
            assertThat(persistence.getApp(app)).isEmpty();
            assertThat(appsRegistered()).isEmpty();
        }

        @Test
        void an_error_in_a_nested_transaction_rolls_it_back_and_is_rethrown_unchanged() {
            String outer = unique("outer");
            String inner = unique("inner");
            AssertionError error = new AssertionError("an error, not an exception");
            persistence.transaction(() -> {
                persistence.registerApp(outer, List.of(), List.of(), Map.of());
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.registerApp(inner, List.of(), List.of(), Map.of());
                    throw error;
                })).isSameAs(error);
            });
            assertThat(persistence.getApp(inner)).isEmpty();
            assertThat(appsRegistered()).containsExactly(outer);
        }

        @Test
        void a_library_refusal_inside_a_nested_transaction_rolls_back_the_nested_work_before_it() {
            String outer = unique("outer");
            String inner = unique("inner");
            String dup = unique("dup");
            persistence.registerApp(dup, List.of(), List.of(), Map.of());
            events.clear();
            persistence.transaction(() -> {
                persistence.registerApp(outer, List.of(), List.of(), Map.of());
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.registerApp(inner, List.of(), List.of(), Map.of());
                    persistence.registerApp(dup, List.of(), List.of(), Map.of());
                })).isInstanceOf(AlreadyExistsException.class);
            });
            assertThat(persistence.getApp(inner)).isEmpty();
            assertThat(appsRegistered()).containsExactly(outer);
        }

        @Test
        void a_database_failure_inside_a_caught_nested_transaction_fails_the_outer_one_and_stores_nothing() {
            String outer = unique("outer");
            String dup = unique("dup");
            persistence.registerApp(dup, List.of(), List.of(), Map.of());
            events.clear();
            assertThatThrownBy(() -> persistence.transaction(() -> {
                persistence.registerApp(outer, List.of(), List.of(), Map.of());
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    // The database itself refuses this row (primary key), not the library.
                    persistence.entityManager().createNativeQuery("insert into app_registry (app_id, pools, triggers,"
                            + " meta, protocol_version, last_seen) values (?1, '[]', '[]', '{}', '1.0', 0)")
                            .setParameter(1, dup).executeUpdate();
                })).isInstanceOf(LatZeroPersistenceException.class);
            })).isInstanceOf(StorageException.class).hasMessageContaining("marked for rollback");
            assertThat(persistence.getApp(outer)).isEmpty();
            assertThat(events).isEmpty();
        }

        private List<String> appsRegistered() {
            return events.stream().filter(AppRegistered.class::isInstance).map(e -> ((AppRegistered) e).appId())
                    .toList();
        }
    }
}
