package io.latzero.persistence.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.testing.LogCapture;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full {@code integrity_check} at open runs only when the last close was not recorded as clean: a clean reopen
 * skips it, a process that died with the database open (no marker), a marker that no longer describes the file, or
 * a WAL left beside it bring it back, and a damaged file is still refused then.
 */
class CleanShutdownTest {
    private static final String FULL_CHECK_LINE = "running the full integrity_check";

    @TempDir
    Path dir;

    private Path marker() {
        return dir.resolve(CleanShutdownMarker.FILE);
    }

    private Path database() {
        return dir.resolve("latzero.db");
    }

    /** Opens and closes a manager on {@code dir} and says whether the open ran the full check (counter and log). */
    private boolean openRanFullCheck(Supplier<PersistenceManager> open) {
        long before = LiveDatabaseCheck.fullChecks();
        try (LogCapture logs = LogCapture.start(); PersistenceManager pm = open.get()) {
            assertThat(pm.getApp("app-0")).isPresent();
            assertThat(marker()).as("no marker while the database is open").doesNotExist();
            boolean logged = logs.lines().stream().anyMatch(l -> l.contains(FULL_CHECK_LINE));
            boolean counted = LiveDatabaseCheck.fullChecks() > before;
            assertThat(logged).as("log line and counter agree").isEqualTo(counted);
            return counted;
        }
    }

    private PersistenceManager open() {
        return TestManagers.open(dir);
    }

    private void createDatabase() {
        try (PersistenceManager pm = open()) {
            for (int i = 0; i < 300; i++) {
                pm.registerApp("app-" + i, List.of("t"), List.of("pool-" + i % 7), Map.of("pad", "x".repeat(300)));
            }
        }
        assertThat(marker()).as("a clean close leaves the marker").exists();
    }

    @Test
    void a_clean_reopen_skips_the_full_check_and_a_new_database_gets_one() {
        long before = LiveDatabaseCheck.fullChecks();
        createDatabase();
        assertThat(LiveDatabaseCheck.fullChecks()).as("a new database is checked").isGreaterThan(before);
        for (int i = 0; i < 3; i++) {
            assertThat(openRanFullCheck(this::open)).as("clean reopen " + i).isFalse();
            assertThat(marker()).exists();
        }
    }

    @Test
    void a_database_left_open_by_a_dead_process_gets_the_full_check() throws IOException {
        createDatabase();
        // What a killed process leaves: the marker was removed at its open and never written again.
        Files.delete(marker());
        assertThat(openRanFullCheck(this::open)).isTrue();
        assertThat(openRanFullCheck(this::open)).as("then clean again").isFalse();
    }

    @Test
    void a_marker_that_no_longer_describes_the_file_or_a_wal_beside_it_means_a_full_check() throws Exception {
        createDatabase();
        // Another program changed the file while the library was not running.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database());
             Statement s = c.createStatement()) {
            s.execute("update app_registry set last_seen = last_seen + 1 where app_id = 'app-1'");
        }
        assertThat(openRanFullCheck(this::open)).as("file changed").isTrue();

        Files.setLastModifiedTime(database(), FileTime.fromMillis(Files.getLastModifiedTime(database()).toMillis() - 5_000));
        assertThat(openRanFullCheck(this::open)).as("modification time changed").isTrue();

        Files.write(dir.resolve("latzero.db-wal"), new byte[32]);
        assertThat(openRanFullCheck(this::open)).as("a -wal file with content").isTrue();

        Files.writeString(marker(), "latzero clean shutdown 1\nsize=0\n");
        assertThat(openRanFullCheck(this::open)).as("a marker describing another file").isTrue();
        assertThat(openRanFullCheck(this::open)).isFalse();
    }

    @Test
    void a_damaged_database_is_refused_when_the_check_runs_and_leaves_no_marker() throws IOException {
        createDatabase();
        Files.delete(marker());
        zeroPage(database(), pageCount(database()) - 2);
        byte[] damaged = Files.readAllBytes(database());
        long before = LiveDatabaseCheck.fullChecks();
        assertThatThrownBy(this::open).isInstanceOf(StorageException.class)
                .hasMessageContaining(database().toString())
                .hasMessageFindingMatch("damaged|cannot be read")
                .hasMessageContaining("left untouched")
                .hasMessageContaining("restore");
        assertThat(LiveDatabaseCheck.fullChecks()).as("the full check caught it").isGreaterThan(before);
        assertThat(marker()).as("a refused open writes no marker").doesNotExist();
        assertThat(Files.readAllBytes(database())).as("left untouched").isEqualTo(damaged);
        assertThatThrownBy(this::open).as("and is refused again").isInstanceOf(StorageException.class);
    }

    @Test
    void damage_done_after_a_clean_close_changes_the_file_so_the_check_runs_and_refuses_it() throws IOException {
        createDatabase();
        assertThat(marker()).exists();
        zeroPage(database(), pageCount(database()) - 2);
        // The header and schema checks alone would open it: the marker no longer matching is what brings the check.
        LiveDatabaseCheck.inspector().verifyLive(database(), false);
        long before = LiveDatabaseCheck.fullChecks();
        assertThatThrownBy(this::open).isInstanceOf(StorageException.class)
                .hasMessageFindingMatch("damaged|cannot be read");
        assertThat(LiveDatabaseCheck.fullChecks()).isGreaterThan(before);
    }

    private static long pageCount(Path db) throws IOException {
        return Files.size(db) / 4096;
    }

    private static void zeroPage(Path db, long page) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(page * 4096);
            f.write(new byte[4096]);
        }
    }
}
