package io.latzero.persistence;

import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.testing.LogCapture;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outcome the API reports as a typed exception is not also logged as a warning, and no log line carries the
 * values a caller stored. (The contract IT checks the same on PostgreSQL.)
 */
class QuietLogsTest {
    private static final String SECRET = "secret-value-7f3a";

    @TempDir
    Path dir;

    @Test
    void duplicates_are_reported_to_the_caller_only_not_logged() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            String app = unique("app");
            String pool = unique("pool");
            String block = unique("block");
            String trigger = unique("trigger");
            persistence.registerApp(app, List.of(), List.of(), Map.of("token", SECRET));
            persistence.createPool(pool, PoolType.LOCAL, false, Map.of("token", SECRET));
            persistence.createMemoryBlock(block, 1, BlockType.JSON, Map.of("token", SECRET));
            persistence.createTriggerRecord(trigger, app, 1, "d", null, null, Duration.ofMinutes(1));

            try (LogCapture logs = LogCapture.start()) {
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> persistence.registerApp(app, List.of(), List.of(), Map.of("token", SECRET)))
                            .isInstanceOf(AlreadyExistsException.class);
                    assertThatThrownBy(() -> persistence.createPool(pool, PoolType.LOCAL, false, Map.of("token", SECRET)))
                            .isInstanceOf(AlreadyExistsException.class);
                    assertThatThrownBy(() -> persistence.createMemoryBlock(block, 1, BlockType.JSON, Map.of("token", SECRET)))
                            .isInstanceOf(AlreadyExistsException.class);
                    assertThatThrownBy(() -> persistence.createTriggerRecord(trigger, app, 1, "d", null, null,
                            Duration.ofMinutes(1))).isInstanceOf(AlreadyExistsException.class);
                    assertThatThrownBy(() -> persistence.transaction(() -> {
                        persistence.registerApp(app, List.of(), List.of(), Map.of("token", SECRET));
                    })).isInstanceOf(AlreadyExistsException.class);
                }
                assertThat(logs.warnings()).isEmpty();
                assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET));
            }
        }
    }

    @Test
    void a_conflict_with_another_process_is_reported_to_the_caller_only_not_logged() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir)
                .busyTimeout(Duration.ofMillis(50)).build())) {
            persistence.registerApp("before", List.of(), List.of(), Map.of());
            try (Connection other = TestManagers.readWrite("jdbc:sqlite:" + dir.resolve("latzero.db"));
                 Statement s = other.createStatement();
                 LogCapture logs = LogCapture.start()) {
                s.execute("BEGIN IMMEDIATE");
                assertThatThrownBy(() -> persistence.registerApp("blocked", List.of(), List.of(),
                        Map.of("token", SECRET))).isInstanceOf(ConflictException.class);
                s.execute("ROLLBACK");
                assertThat(logs.warnings()).isEmpty();
                assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET));
            }
        }
    }
}
