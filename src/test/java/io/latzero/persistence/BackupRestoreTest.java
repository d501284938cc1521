package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.App;
import io.latzero.persistence.event.BackupCreated;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRestoreTest {
    @TempDir
    Path dir;

    @Test
    void createBackup_writes_a_verified_snapshot_with_its_checksum_and_announces_it() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            List<BackupCreated> events = new CopyOnWriteArrayList<>();
            persistence.on(BackupCreated.class, events::add);
            persistence.registerApp("a", List.of(), List.of("p"), Map.of());
            Path backup = persistence.createBackup();

            assertThat(backup.getParent()).isEqualTo(dir.toAbsolutePath().resolve("backups"));
            assertThat(backup.getFileName().toString()).matches("latzero-\\d{8}T\\d{6}\\.\\d{3}Z\\.db");
            assertThat(events).containsExactly(new BackupCreated(backup));
            String sidecar = Files.readString(backup.resolveSibling(backup.getFileName() + ".sha256"));
            assertThat(sidecar).startsWith(sha256(backup)).contains(backup.getFileName().toString());
            try (Connection c = TestManagers.readOnly(backup)) {
                assertThat(TestManagers.single(c, "PRAGMA integrity_check")).isEqualTo("ok");
                assertThat(TestManagers.column(c, "select app_id from app_registry")).containsExactly("a");
            }
            try (Stream<Path> temps = Files.list(backup.getParent())) {
                assertThat(temps.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp"));
            }
        }
    }

    @Test
    void a_backup_of_a_database_in_wal_mode_is_a_rollback_journal_file_that_opens_read_only_with_nothing_beside_it()
            throws Exception {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("a", List.of(), List.of("p"), Map.of());
            Path backup = persistence.createBackup();

            try (Connection c = TestManagers.readOnly(backup)) {
                assertThat(TestManagers.single(c, "PRAGMA journal_mode")).isEqualTo("delete");
                assertThat(TestManagers.column(c, "select app_id from app_registry")).containsExactly("a");
            }
            try (Stream<Path> files = Files.list(backup.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.endsWith("-wal") || n.endsWith("-shm") || n.endsWith("-journal"));
            }
        }
    }

    @Test
    void backup_and_restore_round_trip_and_the_replaced_database_is_kept_as_a_backup() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("before", List.of("t"), List.of("p"), Map.of("n", 1));
            persistence.createPool("p", PoolType.GLOBAL, true, Map.of("owners", List.of("before")));
            persistence.saveServerConfig("k", List.of(1, 2));
            List<App> apps = persistence.getAllApps();
            var pools = persistence.getAllPools();
            Path backup = persistence.createBackup();

            persistence.registerApp("after", List.of(), List.of("p"), Map.of());
            persistence.removePool("p");
            persistence.saveServerConfig("k", "changed");
            persistence.restoreBackup(backup);

            assertThat(persistence.getAllApps()).isEqualTo(apps);
            assertThat(persistence.getAllPools()).isEqualTo(pools);
            assertThat(persistence.getAppsByPool("p")).isEqualTo(apps);
            assertThat(persistence.loadServerConfig("k")).contains(List.of(1, 2));

            List<Path> backups = persistence.listBackups();
            assertThat(backups).hasSize(2).contains(backup);
            Path saved = backups.get(0);
            persistence.restoreBackup(saved);
            assertThat(persistence.getApp("after")).as("the pre-restore state was kept").isPresent();
            assertThat(persistence.getPool("p")).isEmpty();
        }
    }

    @Test
    void restored_data_survives_a_restart() {
        Path backup;
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("kept", List.of(), List.of(), Map.of());
            backup = persistence.createBackup();
            persistence.removeApp("kept");
            persistence.restoreBackup(backup);
        }
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            assertThat(persistence.getApp("kept")).isPresent();
        }
    }

    @Test
    void listBackups_is_newest_first_and_pruning_keeps_maxBackups() throws IOException {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir).maxBackups(3).build())) {
            List<Path> made = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                persistence.saveServerConfig("i", i);
                made.add(persistence.createBackup());
            }
            assertThat(persistence.listBackups()).containsExactly(made.get(4), made.get(3), made.get(2));
            try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
                assertThat(files).hasSize(6);
            }
        }
    }

    @Test
    void the_oldest_backup_can_be_restored_when_maxBackups_are_kept() {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir).maxBackups(2).build())) {
            persistence.saveServerConfig("v", "oldest");
            Path oldest = persistence.createBackup();
            persistence.saveServerConfig("v", "newer");
            persistence.createBackup();
            persistence.saveServerConfig("v", "current");

            persistence.restoreBackup(oldest);
            assertThat(persistence.loadServerConfig("v")).contains("oldest");
            assertThat(persistence.listBackups()).hasSize(2);
        }
    }

    @Test
    void backups_taken_while_another_thread_writes_are_each_consistent() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir).maxBackups(10).build())) {
            persistence.saveServerConfig("count", 0);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<Integer> written = writer.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    int batch = n;
                    persistence.transaction(() -> {
                        for (int i = 0; i < 5; i++) {
                            persistence.registerApp("app-" + (batch + i), List.of(), List.of("p"), Map.of());
                        }
                        persistence.saveServerConfig("count", batch + 5);
                    });
                    n += 5;
                }
                return n;
            });
            List<Path> backups = new ArrayList<>();
            try {
                TestManagers.await("the writer's first commit", Duration.ofSeconds(30),
                        () -> persistence.getStats().rowCounts().get("app_registry") > 0);
                for (int i = 0; i < 8; i++) {
                    backups.add(persistence.createBackup());
                }
            } finally {
                stop.set(true);
                writer.shutdown();
            }
            int total = written.get();
            assertThat(total).isPositive();
            for (Path backup : backups) {
                try (Connection c = TestManagers.readOnly(backup)) {
                    assertThat(TestManagers.single(c, "PRAGMA integrity_check")).isEqualTo("ok");
                    int apps = Integer.parseInt(TestManagers.single(c, "select count(*) from app_registry"));
                    int members = Integer.parseInt(TestManagers.single(c, "select count(*) from app_pool_members"));
                    String count = TestManagers.single(c, "select value from server_config where key = 'count'");
                    assertThat(apps % 5).as(backup + " holds whole transactions").isZero();
                    assertThat(count).as(backup + " counter matches its rows").isEqualTo(String.valueOf(apps));
                    assertThat(members).isEqualTo(apps);
                }
            }
            assertThat(persistence.getAllApps()).hasSize(total);
        }
    }

    @Test
    void a_bad_backup_is_refused_and_the_current_database_stays_as_it_was() throws Exception {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("current", List.of(), List.of(), Map.of());
            Path good = persistence.createBackup();
            Path backups = good.getParent();
            List<App> before = persistence.getAllApps();

            Path altered = copyWithChecksum(good, backups.resolve("altered.db"));
            Files.write(altered, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
            Path text = withChecksum(backups.resolve("text.db"), "not a database".getBytes(StandardCharsets.UTF_8));
            Path empty = withChecksum(backups.resolve("empty.db"), new byte[0]);
            Path foreign = backups.resolve("foreign.db");
            try (Connection c = TestManagers.readWrite("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
                s.execute("create table other (x)");
            }
            withChecksum(foreign, Files.readAllBytes(foreign));
            Path newer = copyWithChecksum(good, backups.resolve("newer.db"));
            try (Connection c = TestManagers.readWrite("jdbc:sqlite:" + newer); Statement s = c.createStatement()) {
                s.execute("insert into flyway_schema_history (installed_rank, version, description, type, script,"
                        + " installed_by, execution_time, success) values (99, '99', 'future', 'SQL', 'V99__future.sql', 'x', 1, 1)");
            }
            withChecksum(newer, Files.readAllBytes(newer));
            Path noChecksum = backups.resolve("unsigned.db");
            Files.copy(good, noChecksum);
            Path outside = dir.resolve("outside.db");
            Files.copy(good, outside);
            Path link = backups.resolve("link.db");
            Files.createSymbolicLink(link, good);

            for (Path bad : List.of(altered, text, empty, foreign, newer, noChecksum)) {
                assertThatThrownBy(() -> persistence.restoreBackup(bad)).as(bad.toString())
                        .isInstanceOf(StorageException.class).hasMessageContaining(bad.getFileName().toString());
            }
            for (Path bad : List.of(outside, link, backups.resolve("missing.db"), Path.of("../outside.db"),
                    backups.resolve("bad name.db"))) {
                assertThatThrownBy(() -> persistence.restoreBackup(bad)).as(bad.toString())
                        .isInstanceOf(InvalidInputException.class);
            }
            assertThatThrownBy(() -> persistence.restoreBackup(null)).isInstanceOf(InvalidInputException.class);

            assertThat(persistence.getAllApps()).isEqualTo(before);
            assertThat(persistence.listBackups()).as("no safety backup was taken").containsExactly(good);
            persistence.registerApp("still-writable", List.of(), List.of(), Map.of());
        }
    }

    @Test
    void a_plain_backup_file_name_is_resolved_in_the_backups_directory() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            Path backup = persistence.createBackup();
            persistence.removeApp("a");
            persistence.restoreBackup(backup.getFileName());
            assertThat(persistence.getApp("a")).isPresent();
        }
    }

    @Test
    void automatic_backups_are_taken_every_interval() {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir)
                .backupInterval(Duration.ofMillis(20)).maxBackups(2).build())) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            TestManagers.await("two automatic backups", Duration.ofSeconds(30), () -> persistence.listBackups().size() == 2);
        }
    }

    private static Path copyWithChecksum(Path source, Path target) throws IOException {
        Files.copy(source, target);
        return withChecksum(target, Files.readAllBytes(target));
    }

    private static Path withChecksum(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), sha256(file) + "  " + file.getFileName() + "\n");
        return file;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
