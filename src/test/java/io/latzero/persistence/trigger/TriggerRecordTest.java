package io.latzero.persistence.trigger;

import static io.latzero.persistence.testing.TestManagers.assertInvalid;
import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.testing.SharedManager;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TriggerRecordTest {
    private static final Duration LONG = Duration.ofHours(1);

    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    @Test
    void createTriggerRecord_stores_a_pending_record() {
        String id = unique("trig");
        Instant before = Instant.now().minusMillis(1);
        TriggerRecord record = persistence.createTriggerRecord(id, "app1", 7, "dest", "pool1", "process-data", LONG);

        assertThat(record).extracting(TriggerRecord::id, TriggerRecord::originAppId, TriggerRecord::originConnectionId,
                        TriggerRecord::destination, TriggerRecord::pool, TriggerRecord::process, TriggerRecord::ttl,
                        TriggerRecord::dispatchedTo, TriggerRecord::completed)
                .containsExactly(id, "app1", 7L, "dest", "pool1", "process-data", LONG, null, false);
        assertThat(record.created()).isAfter(before).isEqualTo(record.updated());
        assertThat(record.expiresAt()).isEqualTo(record.created().plus(LONG));
        assertThat(record.dispatched()).isEmpty();
        assertThat(persistence.getTriggerRecord(id)).contains(record);
    }

    @Test
    void pool_and_process_are_optional() {
        String id = unique("trig");
        TriggerRecord record = persistence.createTriggerRecord(id, "app1", 0, "dest", null, null, LONG);
        assertThat(record.pool()).isNull();
        assertThat(record.process()).isNull();
        assertThat(persistence.getTriggerRecord(id)).contains(record);
    }

    @Test
    void bad_arguments_are_refused_naming_the_field_and_nothing_is_written() {
        String id = unique("trig");
        assertInvalid(() -> persistence.createTriggerRecord(null, "a", 1, "d", null, null, LONG), "id");
        assertInvalid(() -> persistence.createTriggerRecord(id, " ", 1, "d", null, null, LONG), "originAppId");
        assertInvalid(() -> persistence.createTriggerRecord(id, "a", -1, "d", null, null, LONG), "originConnectionId");
        assertInvalid(() -> persistence.createTriggerRecord(id, "a", 1, "x".repeat(257), null, null, LONG), "destination");
        assertInvalid(() -> persistence.createTriggerRecord(id, "a", 1, "d", "", null, LONG), "pool");
        assertInvalid(() -> persistence.createTriggerRecord(id, "a", 1, "d", null, "p\u0000", LONG), "process");
        assertInvalid(() -> persistence.createTriggerRecord(id, "a", 1, "d", null, null, null), "ttl");
        assertInvalid(() -> persistence.createTriggerRecord(id, "a", 1, "d", null, null, Duration.ZERO), "ttl");
        assertInvalid(() -> persistence.createTriggerRecord(id, "a", 1, "d", null, null, Duration.ofSeconds(-1)), "ttl");
        assertInvalid(() -> persistence.markTriggerDispatched(id, ""), "dispatchedTo");
        assertInvalid(() -> persistence.getPendingTriggers(null), "destination");
        assertThat(persistence.getTriggerRecord(id)).isEmpty();
    }

    @Test
    void a_ttl_that_does_not_fit_in_whole_epoch_milliseconds_is_refused_naming_ttl_and_nothing_is_written() {
        String id = unique("trig");
        for (Duration ttl : List.of(ChronoUnit.FOREVER.getDuration(), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
                Duration.ofMillis(Long.MAX_VALUE), Duration.ofMillis(Long.MAX_VALUE - Instant.now().toEpochMilli() + 1),
                Duration.ofNanos(999_999))) {
            assertInvalid(() -> persistence.createTriggerRecord(id, "a", 1, "d", null, null, ttl), "ttl");
        }
        assertThat(persistence.getTriggerRecord(id)).isEmpty();
    }

    @Test
    void a_ttl_of_a_million_years_keeps_the_record_pending_through_a_purge() {
        String id = unique("trig");
        String destination = unique("dest");
        Duration ttl = ChronoUnit.MILLENNIA.getDuration().multipliedBy(1_000);
        TriggerRecord record = persistence.createTriggerRecord(id, "a", 1, destination, null, null, ttl);

        persistence.purgeExpiredTriggers();

        assertThat(record.ttl()).isEqualTo(ttl);
        assertThat(record.expiresAt()).isEqualTo(record.created().plus(ttl));
        assertThat(persistence.getPendingTriggers(destination)).containsExactly(record);
    }

    @Test
    void a_duplicate_id_is_refused() {
        String id = unique("trig");
        TriggerRecord original = persistence.createTriggerRecord(id, "a", 1, "d", null, null, LONG);
        assertThatThrownBy(() -> persistence.createTriggerRecord(id, "b", 2, "e", null, null, LONG))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(id);
        assertThat(persistence.getTriggerRecord(id)).contains(original);
    }

    @Test
    void dispatch_then_complete_moves_the_record_along() {
        String id = unique("trig");
        String dest = unique("dest");
        persistence.createTriggerRecord(id, "a", 1, dest, null, null, LONG);

        TriggerRecord dispatched = persistence.markTriggerDispatched(id, "worker-3");
        assertThat(dispatched.dispatched()).contains("worker-3");
        assertThat(dispatched.completed()).isFalse();
        assertThat(persistence.getPendingTriggers(dest)).containsExactly(dispatched);

        TriggerRecord completed = persistence.completeTrigger(id);
        assertThat(completed.completed()).isTrue();
        assertThat(completed.dispatchedTo()).isEqualTo("worker-3");
        assertThat(completed.updated()).isAfterOrEqualTo(dispatched.updated());
        assertThat(persistence.getTriggerRecord(id)).contains(completed);
        assertThat(persistence.getPendingTriggers(dest)).isEmpty();
    }

    @Test
    void transitions_of_an_unknown_record_are_not_found() {
        String id = unique("missing");
        assertThatThrownBy(() -> persistence.markTriggerDispatched(id, "w")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(id);
        assertThatThrownBy(() -> persistence.completeTrigger(id)).isInstanceOf(NotFoundException.class);
        assertThat(persistence.getTriggerRecord(id)).isEmpty();
    }

    @Test
    void pending_lists_only_open_unexpired_records_of_the_destination_oldest_first() {
        String dest = unique("dest");
        TriggerRecord first = persistence.createTriggerRecord(unique("t"), "a", 1, dest, null, null, LONG);
        TriggerRecord done = persistence.createTriggerRecord(unique("t"), "a", 1, dest, null, null, LONG);
        persistence.completeTrigger(done.id());
        persistence.createTriggerRecord(unique("t"), "a", 1, unique("other"), null, null, LONG);
        TriggerRecord expired = persistence.createTriggerRecord(unique("t"), "a", 1, dest, null, null, Duration.ofMillis(1));
        TriggerRecord last = persistence.createTriggerRecord(unique("t"), "a", 1, dest, null, null, LONG);
        TestManagers.await("expiry", Duration.ofSeconds(5), () -> Instant.now().isAfter(expired.expiresAt()));

        assertThat(persistence.getPendingTriggers(dest)).containsExactly(first, last);
        assertThat(persistence.getTriggerRecord(expired.id())).as("expired but not yet purged").isPresent();
    }

    @Test
    void purgeExpiredTriggers_deletes_exactly_the_expired_records() {
        TriggerRecord expired = persistence.createTriggerRecord(unique("t"), "a", 1, "d", null, null, Duration.ofMillis(1));
        TriggerRecord alive = persistence.createTriggerRecord(unique("t"), "a", 1, "d", null, null, LONG);
        TestManagers.await("expiry", Duration.ofSeconds(5), () -> Instant.now().isAfter(expired.expiresAt()));

        assertThat(persistence.purgeExpiredTriggers()).isGreaterThanOrEqualTo(1);
        assertThat(persistence.getTriggerRecord(expired.id())).isEmpty();
        assertThat(persistence.getTriggerRecord(alive.id())).isPresent();
        assertThat(persistence.purgeExpiredTriggers()).isZero();
    }

    @Test
    void removeTriggerRecord_reports_whether_the_record_was_there() {
        String id = unique("trig");
        persistence.createTriggerRecord(id, "a", 1, "d", null, null, LONG);
        assertThat(persistence.removeTriggerRecord(id)).isTrue();
        assertThat(persistence.getTriggerRecord(id)).isEmpty();
        assertThat(persistence.removeTriggerRecord(id)).isFalse();
    }

    @Test
    void failed_calls_release_their_connection_so_later_calls_go_through() {
        String id = unique("trig");
        String missing = unique("missing");
        persistence.createTriggerRecord(id, "a", 1, "d", null, null, LONG);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> persistence.createTriggerRecord(id, "a", 1, "d", null, null, LONG))
                    .isInstanceOf(AlreadyExistsException.class);
            assertThatThrownBy(() -> persistence.markTriggerDispatched(missing, "w"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> persistence.completeTrigger(missing)).isInstanceOf(NotFoundException.class);
        }
        assertThat(persistence.completeTrigger(id).completed()).isTrue();
    }

    @Test
    void inside_a_transaction_each_step_sees_the_uncommitted_record_and_a_rollback_takes_every_step_back() {
        String id = unique("trig");
        String dest = unique("dest");
        RuntimeException boom = new RuntimeException("boom");
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.createTriggerRecord(id, "a", 1, dest, null, null, LONG);
            assertThat(persistence.markTriggerDispatched(id, "worker-1").dispatchedTo()).isEqualTo("worker-1");
            TriggerRecord completed = persistence.completeTrigger(id);
            assertThat(completed.completed()).isTrue();
            assertThat(persistence.getTriggerRecord(id)).contains(completed);
            assertThat(persistence.getPendingTriggers(dest)).isEmpty();
            throw boom;
        }, false)).isSameAs(boom);
        assertThat(persistence.getTriggerRecord(id)).isEmpty();
    }

    @Test
    void a_rolled_back_transaction_leaves_committed_records_as_they_were() {
        TriggerRecord open = persistence.createTriggerRecord(unique("t"), "a", 1, "d", null, null, LONG);
        TriggerRecord removed = persistence.createTriggerRecord(unique("t"), "a", 1, "d", null, null, LONG);
        TriggerRecord expired = persistence.createTriggerRecord(unique("t"), "a", 1, "d", null, null, Duration.ofMillis(1));
        TestManagers.await("expiry", Duration.ofSeconds(5), () -> Instant.now().isAfter(expired.expiresAt()));
        RuntimeException boom = new RuntimeException("boom");
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.markTriggerDispatched(open.id(), "worker-1");
            persistence.completeTrigger(open.id());
            assertThat(persistence.removeTriggerRecord(removed.id())).isTrue();
            assertThat(persistence.purgeExpiredTriggers()).isGreaterThanOrEqualTo(1);
            assertThat(persistence.getTriggerRecord(expired.id())).isEmpty();
            throw boom;
        }, false)).isSameAs(boom);
        assertThat(persistence.getTriggerRecord(open.id())).contains(open);
        assertThat(persistence.getTriggerRecord(removed.id())).contains(removed);
        assertThat(persistence.getTriggerRecord(expired.id())).contains(expired);
    }

    @Test
    void inside_a_transaction_a_duplicate_id_and_a_missing_record_are_refused_and_the_transaction_carries_on() {
        String id = unique("trig");
        String missing = unique("missing");
        String next = unique("trig");
        persistence.transaction(() -> {
            persistence.createTriggerRecord(id, "a", 1, "d", null, null, LONG);
            assertThatThrownBy(() -> persistence.createTriggerRecord(id, "b", 2, "e", null, null, LONG))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(id);
            assertThatThrownBy(() -> persistence.markTriggerDispatched(missing, "w"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining(missing);
            assertThatThrownBy(() -> persistence.completeTrigger(missing)).isInstanceOf(NotFoundException.class);
            return persistence.createTriggerRecord(next, "a", 1, "d", null, null, LONG);
        }, false);
        assertThat(persistence.getTriggerRecord(id)).map(TriggerRecord::originAppId).contains("a");
        assertThat(persistence.getTriggerRecord(next)).isPresent();
        assertThat(persistence.getTriggerRecord(missing)).isEmpty();
    }

    @Test
    void every_thread_and_connection_sees_the_one_in_memory_store() throws Exception {
        String dest = unique("shared");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TriggerRecord>> created = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = dest + "-" + i;
                created.add(pool.submit(() -> persistence.createTriggerRecord(id, "a", 1, dest, null, null, LONG)));
            }
            List<Future<Boolean>> seen = new ArrayList<>();
            for (Future<TriggerRecord> f : created) {
                String id = f.get().id();
                seen.add(pool.submit(() -> persistence.getTriggerRecord(id).isPresent()));
            }
            for (Future<Boolean> f : seen) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(persistence.getPendingTriggers(dest)).hasSize(40);

        // A connection of its own, opened by name, sees the same database as the library's connections.
        String name = persistence.getStats().memoryDatabase().substring(":memory:".length());
        try (Connection c = TestManagers.readWrite("jdbc:sqlite:file:/" + name + "?vfs=memdb")) {
            assertThat(TestManagers.single(c, "select count(*) from trigger_records where destination = '" + dest + "'"))
                    .isEqualTo("40");
        }
    }

    @Test
    void trigger_records_never_reach_the_database_file() throws Exception {
        persistence.createTriggerRecord(unique("t"), "a", 1, "d", null, null, LONG);
        try (Connection c = TestManagers.readOnly(shared.databaseFile())) {
            assertThat(TestManagers.column(c, "select name from sqlite_schema where type = 'table'"))
                    .doesNotContain("trigger_records");
        }
    }

    @Test
    void expired_records_are_purged_in_the_background(@TempDir Path other) {
        try (PersistenceManager quick = TestManagers.open(TestManagers.config(other)
                .triggerPurgeInterval(Duration.ofMillis(50)).build())) {
            TriggerRecord record = quick.createTriggerRecord("soon-gone", "a", 1, "d", null, null, Duration.ofMillis(1));
            TriggerRecord alive = quick.createTriggerRecord("stays", "a", 1, "d", null, null, LONG);
            TestManagers.await("the background purge", Duration.ofSeconds(10),
                    () -> quick.getTriggerRecord(record.id()).isEmpty());
            assertThat(quick.getTriggerRecord(alive.id())).isPresent();
        }
    }

    @Test
    void each_manager_has_its_own_trigger_store(@TempDir Path other) {
        String id = unique("mine");
        persistence.createTriggerRecord(id, "a", 1, "d", null, null, LONG);
        try (PersistenceManager second = TestManagers.open(TestManagers.config(other).memoryMode(true).build())) {
            assertThat(second.getTriggerRecord(id)).isEmpty();
        }
    }
}
