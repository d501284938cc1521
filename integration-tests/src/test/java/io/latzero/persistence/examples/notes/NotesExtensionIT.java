package io.latzero.persistence.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.testing.LatZeroPersistenceTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/extensions.md, "Writing an extension" and "Testing with the fixture": an extension entity shares
 * LatZero's transactions, so its rows commit and roll back with LatZero's, in plain Java SE (no CDI).
 */
@LatZeroPersistenceTest(entityClasses = Note.class)
class NotesExtensionIT {
    PersistenceManager persistence;

    @BeforeEach
    void createTheExtensionsTable() {
        persistence.transaction(() -> persistence.entityManager().createNativeQuery(Note.DDL).executeUpdate());
    }

    @Test
    void extension_rows_commit_together_with_latzeros() {
        persistence.transaction(() -> {
            persistence.registerApp("notes-app", List.of(), List.of(), Map.of());
            persistence.entityManager().persist(new Note("n1", "notes-app", "first note"));
        });

        assertThat(persistence.getApp("notes-app")).isPresent();
        assertThat(persistence.transaction(() -> persistence.entityManager().find(Note.class, "n1").text()))
                .isEqualTo("first note");
    }

    // ... the rollback tests

    final List<PersistenceEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordEvents() {
        persistence.on(PersistenceEvent.class, events::add);
    }

    @Test
    void committed_extension_writes_fire_latzeros_events_once() {
        persistence.transaction(() -> {
            persistence.registerApp("notes-app", List.of(), List.of(), Map.of());
            persistence.entityManager().persist(new Note("n1", "notes-app", "first note"));
        });

        assertThat(events).hasSize(1);
    }

    @Test
    void extension_rows_roll_back_together_with_latzeros() {
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp("notes-app", List.of(), List.of(), Map.of());
            persistence.entityManager().persist(new Note("n1", "notes-app", "never kept"));
            throw new IllegalStateException("the extension gives up");
        })).hasMessage("the extension gives up");

        assertThat(persistence.getApp("notes-app")).isEmpty();
        assertThat(noteCount()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void a_failed_latzero_write_rolls_back_the_extensions_rows_too() {
        persistence.registerApp("taken", List.of(), List.of(), Map.of());
        events.clear();

        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.entityManager().persist(new Note("n2", "taken", "written first"));
            persistence.registerApp("taken", List.of(), List.of(), Map.of());
        })).isInstanceOf(AlreadyExistsException.class);

        assertThat(noteCount()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void entityManager_is_only_valid_inside_a_transaction() {
        assertThatThrownBy(persistence::entityManager).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    private long noteCount() {
        return persistence.transaction(() -> persistence.entityManager()
                .createQuery("select count(n) from Note n", Long.class).getSingleResult());
    }
}
