package io.latzero.persistence.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background checkpointer against a real WAL-mode file with the durable pool's settings. */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void a_background_checkpoint_copies_the_whole_wal_into_the_database_and_idle_it_does_nothing() throws Exception {
        try (HikariDataSource pool = SqliteDataSources.file(dir.resolve("t.db"), TestManagers.config(dir).build())) {
            WalCheckpointer checkpointer = new WalCheckpointer(() -> pool, Duration.ofHours(1), 200, Duration.ofHours(1));
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v TEXT)");
                for (int i = 0; i < 200; i++) {
                    s.execute("INSERT INTO t VALUES ('row " + i + "')");
                    checkpointer.committed();
                }
            }

            long[] frames = checkpointer.checkpointIfDue();

            assertThat(frames).as("{WAL frames, frames checkpointed}").isNotNull();
            assertThat(frames[0]).as("frames the 200 commits left in the WAL (the backstop is far off)").isGreaterThan(100);
            assertThat(frames[1]).isEqualTo(frames[0]);
            assertThat(checkpointer.checkpointIfDue()).as("no commit since").isNull();
            assertThat(checkpointer.checkpoints()).isEqualTo(1);
        }
    }

    @Test
    void a_checkpoint_is_due_after_enough_commits_or_once_the_longest_delay_passed_since_a_commit() throws Exception {
        try (HikariDataSource pool = SqliteDataSources.file(dir.resolve("t.db"), TestManagers.config(dir).build())) {
            WalCheckpointer checkpointer = new WalCheckpointer(() -> pool, Duration.ofHours(1), 3, Duration.ofMillis(300));
            checkpointer.committed();
            checkpointer.committed();
            assertThat(checkpointer.checkpointIfDue()).as("2 of 3 commits, delay not passed").isNull();
            checkpointer.committed();
            assertThat(checkpointer.checkpointIfDue()).as("3 commits").isNotNull();
            checkpointer.committed();
            assertThat(checkpointer.checkpointIfDue()).as("1 commit, delay not passed").isNull();
            Thread.sleep(400);
            assertThat(checkpointer.checkpointIfDue()).as("delay passed").isNotNull();
            assertThat(checkpointer.checkpoints()).isEqualTo(2);
        }
    }

    @Test
    void the_durable_pool_keeps_the_automatic_checkpoint_only_as_a_backstop() throws SQLException {
        try (HikariDataSource pool = SqliteDataSources.file(dir.resolve("t.db"), TestManagers.config(dir).build());
             Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(WalCheckpointer.BACKSTOP_PAGES);
        }
    }

    @Test
    void a_closed_database_is_skipped_and_looked_at_again_later() throws SQLException {
        HikariDataSource pool = SqliteDataSources.file(dir.resolve("t.db"), TestManagers.config(dir).build());
        WalCheckpointer checkpointer = new WalCheckpointer(() -> pool, Duration.ofHours(1), 1, Duration.ZERO);
        pool.close();
        checkpointer.committed();

        assertThat(checkpointer.checkpointIfDue()).isNull();
        assertThat(checkpointer.checkpoints()).isZero();
    }
}
