package io.latzero.persistence.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example "Writing an extension" of docs/extensions.md as written, on a database file reopened afterwards. */
class NotesOnDiskIT {
    @TempDir
    Path dataDir;

    @Test
    void extension_rows_are_durable_like_latzeros() {
        PersistenceConfig config = PersistenceConfig.builder().dataDir(dataDir).entityClasses(List.of(Note.class)).build();

        try (PersistenceManager persistence = new PersistenceManager(config)) {
            persistence.initialize();
            persistence.transaction(() -> persistence.entityManager().createNativeQuery(Note.DDL).executeUpdate());

            persistence.transaction(() -> {
                persistence.registerApp("notes-app", List.of(), List.of(), Map.of());
                persistence.entityManager().persist(new Note("n1", "notes-app", "first note"));
            });   // both rows commit, or neither does
        }

        try (PersistenceManager reopened = new PersistenceManager(config)) {
            reopened.initialize();
            assertThat(reopened.getApp("notes-app")).isPresent();
            assertThat(reopened.transaction(() -> reopened.entityManager().find(Note.class, "n1").text()))
                    .isEqualTo("first note");
        }
    }
}
