package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory trigger records unit is not part of a start: it opens when trigger records are first used. */
class TriggerUnitOnFirstUseTest {
    @TempDir
    Path dir;

    @Test
    void initialize_and_durable_work_leave_it_closed_and_the_first_trigger_call_opens_it() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            assertThat(persistence.getApp("a")).isPresent();
            assertThat(persistence.purgeExpiredTriggers()).isZero();
            assertThat(persistence.triggerUnitOpen()).isFalse();

            assertThat(persistence.getTriggerRecord("t")).isEmpty();
            assertThat(persistence.triggerUnitOpen()).isTrue();
            persistence.createTriggerRecord("t", "a", 1, "d", "p", "x", Duration.ofMinutes(1));
            assertThat(persistence.getStats().rowCounts()).containsEntry("trigger_records", 1L);
        }
    }

    @Test
    void a_transaction_on_the_memory_unit_opens_it_and_the_stats_do_not() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.transaction(() -> persistence.createTriggerRecord("t", "a", 1, "d", "p", "x",
                    Duration.ofMinutes(1)), false);
            assertThat(persistence.getTriggerRecord("t")).isPresent();
        }
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            assertThat(persistence.getStats().rowCounts()).containsEntry("trigger_records", 0L);
            assertThat(persistence.triggerUnitOpen()).isFalse();
            persistence.createTriggerRecord("t", "a", 1, "d", "p", "x", Duration.ofMinutes(1));
            assertThat(persistence.getStats().rowCounts()).containsEntry("trigger_records", 1L);
        }
    }

    @Test
    void trigger_records_inside_a_durable_transaction_open_it_and_commit_with_it() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.transaction(() -> {
                persistence.registerApp("a", List.of(), List.of(), Map.of());
                persistence.createTriggerRecord("t", "a", 1, "d", "p", "x", Duration.ofMinutes(1));
            });
            assertThat(persistence.getApp("a")).isPresent();
            assertThat(persistence.getTriggerRecord("t")).isPresent();
        }
    }
}
