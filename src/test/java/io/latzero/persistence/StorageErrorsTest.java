package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.testing.TestManagers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteException;

class StorageErrorsTest {
    @TempDir
    Path dir;

    @Test
    void a_write_lock_held_by_another_process_is_a_conflict_never_a_raw_busy_error() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir)
                .busyTimeout(Duration.ofMillis(100)).build())) {
            persistence.registerApp("before", List.of(), List.of(), Map.of());
            try (Connection other = TestManagers.readWrite("jdbc:sqlite:" + dir.resolve("latzero.db"));
                 Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> persistence.registerApp("blocked", List.of(), List.of(), Map.of()))
                            .isInstanceOf(ConflictException.class)
                            .hasMessageContaining("registerApp")
                            .hasRootCauseInstanceOf(SQLiteException.class);
                }
                assertThat(persistence.getApp("before")).as("reads go on").isPresent();
                s.execute("ROLLBACK");
            }
            assertThat(persistence.getApp("blocked")).isEmpty();

            // The connections that saw SQLITE_BUSY must not come back half-open: a later transaction that fails
            // must leave no trace (a reused connection would run its statements in SQLite's autocommit mode).
            RuntimeException boom = new IllegalStateException("boom");
            for (int i = 0; i < 4; i++) {
                String id = "atomic-" + i;
                assertThatThrownBy(() -> persistence.transaction(() -> {
                    persistence.registerApp(id, List.of(), List.of(), Map.of());
                    throw boom;
                })).isSameAs(boom);
                assertThat(persistence.getApp(id)).isEmpty();
            }
            persistence.registerApp("after", List.of(), List.of(), Map.of());
            assertThat(persistence.getApp("after")).isPresent();
        }
    }

    @Test
    void a_damaged_database_file_is_refused_at_start_and_left_as_it_was() throws Exception {
        Files.createDirectories(dir);
        byte[] garbage = "SQLite format 3\u0000 but not really a database".repeat(200).getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("latzero.db");
        Files.write(file, garbage);

        PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir).build());
        assertThatThrownBy(persistence::initialize).isInstanceOf(StorageException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a database");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
        assertThatThrownBy(persistence::getAllApps).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_data_dir_that_is_a_file_is_refused_naming_it() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        PersistenceManager persistence = new PersistenceManager(TestManagers.config(notADir).build());
        assertThatThrownBy(persistence::initialize).isInstanceOf(StorageException.class)
                .hasMessageContaining(notADir.toString());
    }
}
