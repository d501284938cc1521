package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.testing.TestManagers;
import io.latzero.persistence.trigger.TriggerRecord;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trigger record created outside a caller's transaction is one {@code INSERT} with no {@code BEGIN}/{@code COMMIT}
 * around it (SQLite runs it in a transaction of its own); a change that reads before it writes keeps its transaction.
 */
class TriggerRecordStatementTest {
    private static final Duration TTL = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void a_creation_of_its_own_begins_no_transaction_and_a_dispatch_or_completion_runs_in_one() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.createTriggerRecord("warm", "a", 1, "d", null, null, TTL);
            long before = persistence.triggerUnitTransactions();

            persistence.createTriggerRecord("t", "a", 1, "d", null, null, TTL);
            assertThat(persistence.triggerUnitTransactions()).as("transactions of a creation").isEqualTo(before);
            persistence.markTriggerDispatched("t", "w");
            persistence.completeTrigger("t");
            assertThat(persistence.triggerUnitTransactions() - before).as("transactions of the changes").isEqualTo(2);
            assertThat(persistence.getTriggerRecord("t").orElseThrow().completed()).isTrue();
        }
    }

    @Test
    void a_creation_that_fails_outside_a_transaction_writes_nothing_and_leaves_no_transaction_open() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            TriggerRecord original = persistence.createTriggerRecord("t", "a", 1, "d", null, null, TTL);
            assertThatThrownBy(() -> persistence.createTriggerRecord("t", "b", 2, "e", null, null, TTL))
                    .isInstanceOf(AlreadyExistsException.class);

            assertThatThrownBy(() -> persistence.transaction(() -> {
                persistence.createTriggerRecord("u", "a", 1, "d", null, null, TTL);
                throw new IllegalStateException("roll back");
            }, false)).isInstanceOf(IllegalStateException.class);
            persistence.createTriggerRecord("v", "a", 1, "d", null, null, TTL);

            assertThat(persistence.getTriggerRecord("t")).contains(original);
            assertThat(persistence.getTriggerRecord("u")).isEmpty();
            assertThat(persistence.getTriggerRecord("v")).isPresent();
        }
    }
}
