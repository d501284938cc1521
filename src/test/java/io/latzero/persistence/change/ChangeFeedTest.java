package io.latzero.persistence.change;

import static io.latzero.persistence.testing.TestManagers.await;
import static io.latzero.persistence.testing.TestManagers.config;
import static io.latzero.persistence.testing.TestManagers.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.PoolCreated;
import io.latzero.persistence.event.ServerConfigRemoved;
import io.latzero.persistence.event.ServerConfigSaved;
import io.latzero.persistence.pool.PoolType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeFeedTest {
    @TempDir
    Path dir;

    @Test
    void own_changes_carry_their_revisions_in_commit_order_and_read_back_with_their_update() {
        try (PersistenceManager persistence = open(dir)) {
            List<PersistenceEvent> events = new CopyOnWriteArrayList<>();
            persistence.on(PersistenceEvent.class, events::add);
            long start = persistence.changes().currentRevision();
            persistence.registerApp("a", List.of(), List.of("p"), Map.of());
            AppUpdate update = AppUpdate.builder().triggers(List.of("t")).build();
            persistence.updateApp("a", update);
            persistence.createPool("p", PoolType.LOCAL, false, Map.of());
            persistence.removeApp("a");

            assertThat(events).extracting(PersistenceEvent::revision)
                    .containsExactly(start + 1, start + 2, start + 3, start + 4);
            List<Change> changes = persistence.changes().changesSince(start, 100);
            assertThat(changes).extracting(Change::event).containsExactlyElementsOf(events);
            assertThat(changes).allSatisfy(c -> {
                assertThat(c.local()).isTrue();
                assertThat(c.origin()).isEqualTo(persistence.changes().origin());
            });
            assertThat(((AppUpdated) changes.get(1).event()).update()).isEqualTo(update);
            assertThat(persistence.getStats().revision()).isEqualTo(start + 4);
        }
    }

    @Test
    void rolled_back_changes_never_appear_and_leave_no_gap() {
        try (PersistenceManager persistence = open(dir)) {
            long start = persistence.changes().currentRevision();
            persistence.registerApp("kept-1", List.of(), List.of(), Map.of());
            assertThatThrownBy(() -> persistence.transaction(() -> {
                persistence.registerApp("rolled-back", List.of(), List.of(), Map.of());
                throw new IllegalStateException("abort");
            })).isInstanceOf(IllegalStateException.class);
            persistence.transaction(() -> {
                persistence.registerApp("kept-2", List.of(), List.of(), Map.of());
                try {
                    persistence.transaction(() -> {
                        persistence.registerApp("nested-rolled-back", List.of(), List.of(), Map.of());
                        throw new IllegalStateException("abort nested");
                    });
                } catch (IllegalStateException expected) {
                    // the nested work is undone, the rest commits
                }
            });
            List<Change> changes = persistence.changes().changesSince(start, 100);
            assertThat(changes).extracting(c -> ((AppRegistered) c.event()).appId()).containsExactly("kept-1", "kept-2");
            assertThat(changes).extracting(Change::revision).containsExactly(start + 1, start + 2);
        }
    }

    @Test
    void server_config_changes_are_in_the_feed_with_the_value_as_it_is_when_read_and_the_log_keeps_no_copy_of_it()
            throws Exception {
        try (PersistenceManager persistence = open(dir)) {
            long start = persistence.changes().currentRevision();
            persistence.saveServerConfig("k", Map.of("secret", "CANARY-1"));
            persistence.saveServerConfig("k", Map.of("secret", "CANARY-2"));
            assertThat(persistence.changes().changesSince(start, 100)).extracting(Change::event).containsExactly(
                    new ServerConfigSaved("k", Map.of("secret", "CANARY-2"), start + 1),
                    new ServerConfigSaved("k", Map.of("secret", "CANARY-2"), start + 2));

            persistence.removeServerConfig("k");
            assertThat(persistence.changes().changesSince(start, 100)).extracting(Change::event).containsExactly(
                    new ServerConfigSaved("k", null, start + 1), new ServerConfigSaved("k", null, start + 2),
                    new ServerConfigRemoved("k", start + 3));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("latzero.db"));
                 Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT count(*) FROM latzero_changes WHERE state LIKE '%CANARY%'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("log rows holding a server-config value").isZero();
            }
        }
    }

    @Test
    void a_change_written_by_a_raw_connection_while_closed_appears_after_open() throws Exception {
        long before;
        try (PersistenceManager persistence = open(dir)) {
            persistence.registerApp("mine", List.of(), List.of(), Map.of());
            before = persistence.changes().currentRevision();
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("latzero.db"));
             Statement s = raw.createStatement()) {
            s.executeUpdate("INSERT INTO app_registry (app_id, pools, triggers, meta, protocol_version, registered,"
                    + " last_seen, rehydrated) VALUES ('node-app', '[\"p\"]', '[]', '{\"v\":1}', '1.0', 1000, 2000, 0)");
        }
        try (PersistenceManager persistence = open(dir)) {
            List<Change> seen = new CopyOnWriteArrayList<>();
            try (ChangeWatch watch = persistence.changes().watch(before, seen::add)) {
                await("the raw write", Duration.ofSeconds(10), () -> !seen.isEmpty());
                Change change = seen.get(0);
                assertThat(change.revision()).isEqualTo(before + 1);
                assertThat(change.origin()).isEqualTo("external");
                assertThat(change.local()).isFalse();
                App app = ((AppRegistered) change.event()).app();
                assertThat(app).isEqualTo(persistence.getApp("node-app").orElseThrow());
                assertThat(app.pools()).containsExactly("p");
                assertThat(app.meta()).isEqualTo(Map.of("v", 1));
                assertThat(watch.lastRevision()).isEqualTo(before + 1);
            }
        }
    }

    @Test
    void a_watch_gets_history_then_live_changes_exactly_once_and_resumes_where_it_stopped() {
        try (PersistenceManager persistence = open(dir)) {
            for (int i = 0; i < 700; i++) {
                persistence.registerApp("h" + i, List.of(), List.of(), Map.of());
            }
            List<Long> seen = new CopyOnWriteArrayList<>();
            ChangeWatch first = persistence.changes().watch(0, c -> seen.add(c.revision()));
            for (int i = 0; i < 100; i++) {
                persistence.createPool("live" + i, PoolType.LOCAL, false, Map.of());
            }
            await("300 changes", Duration.ofSeconds(10), () -> seen.size() >= 300);
            first.close();
            long resumeFrom = first.lastRevision();
            for (int i = 0; i < 50; i++) {
                persistence.removeApp("h" + i);
            }
            try (ChangeWatch second = persistence.changes().watch(resumeFrom, c -> seen.add(c.revision()))) {
                long end = persistence.changes().currentRevision();
                await("every change", Duration.ofSeconds(10), () -> second.lastRevision() == end);
                assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, end).boxed().toList());
            }
        }
    }

    @Test
    void a_watch_from_before_the_compaction_horizon_fails_and_one_after_it_loses_nothing() {
        try (PersistenceManager persistence = open(config(dir).changeLogMaxChanges(10).build())) {
            for (int i = 0; i < 30; i++) {
                persistence.registerApp("c" + i, List.of(), List.of(), Map.of());
            }
            assertThat(persistence.changes().compact()).isEqualTo(20);
            assertThatThrownBy(() -> persistence.changes().watch(5, c -> { }))
                    .isInstanceOfSatisfying(CompactedException.class, e -> {
                        assertThat(e.requestedRevision()).isEqualTo(5);
                        assertThat(e.oldestRevision()).isEqualTo(21);
                    }).hasMessageContaining("21");
            assertThatThrownBy(() -> persistence.changes().changesSince(19, 10)).isInstanceOf(CompactedException.class);
            List<Change> after = persistence.changes().changesSince(20, 100);
            assertThat(after).extracting(Change::revision).containsExactlyElementsOf(LongStream.rangeClosed(21, 30).boxed().toList());
        }
    }

    @Test
    void compaction_by_age_keeps_the_newest_change_so_no_revision_is_handed_out_twice() throws Exception {
        try (PersistenceManager persistence = open(config(dir).changeLogRetention(Duration.ofMillis(1)).build())) {
            for (int i = 0; i < 5; i++) {
                persistence.registerApp("old" + i, List.of(), List.of(), Map.of());
            }
            Thread.sleep(20);
            assertThat(persistence.changes().compact()).isEqualTo(4);
            App app = persistence.registerApp("new", List.of(), List.of(), Map.of());
            assertThat(persistence.changes().changesSince(4, 10)).extracting(Change::revision).containsExactly(5L, 6L);
            assertThat(persistence.changes().changesSince(5, 10).get(0).event())
                    .isEqualTo(new AppRegistered("new", app, 6));
        }
    }

    @Test
    void a_log_from_schema_3_keeps_its_revisions_and_never_reuses_one_beyond_its_rows() throws Exception {
        Path file = dir.resolve("latzero.db");
        Flyway.configure().dataSource("jdbc:sqlite:" + file, null, null).locations("classpath:db/migration/sqlite")
                .target("3").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                s.execute("INSERT INTO app_registry VALUES ('v3-" + i + "', '[]', '[]', '{}', '1.0', 1, 1, 0)");
            }
            // A tool empties the log behind the library's back: revisions 1-3 were handed out all the same.
            s.execute("DELETE FROM latzero_changes");
        }
        try (PersistenceManager persistence = open(dir)) {
            assertThat(persistence.getStats().schemaVersion()).isEqualTo("4");
            assertThat(persistence.changes().currentRevision()).isEqualTo(3);
            assertThatThrownBy(() -> persistence.changes().changesSince(0, 10)).isInstanceOf(CompactedException.class);
            persistence.registerApp("v4", List.of(), List.of(), Map.of());
            assertThat(persistence.changes().changesSince(3, 10)).extracting(Change::revision).containsExactly(4L);
        }
    }

    @Test
    void a_restore_starts_a_new_horizon_and_revisions_keep_increasing() {
        try (PersistenceManager persistence = open(dir)) {
            persistence.registerApp("before-backup", List.of(), List.of(), Map.of());
            Path backup = persistence.createBackup();
            for (int i = 0; i < 5; i++) {
                persistence.registerApp("after-backup" + i, List.of(), List.of(), Map.of());
            }
            long beforeRestore = persistence.changes().currentRevision();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            ChangeWatch watch = persistence.changes().watch(beforeRestore, c -> { }, failure::set);

            persistence.restoreBackup(backup);

            long horizon = persistence.changes().currentRevision();
            assertThat(horizon).isGreaterThan(beforeRestore);
            await("the watch to fail", Duration.ofSeconds(10), () -> failure.get() != null);
            assertThat(failure.get()).isInstanceOf(CompactedException.class);
            assertThat(watch.isOpen()).isFalse();
            assertThatThrownBy(() -> persistence.changes().changesSince(beforeRestore, 10))
                    .isInstanceOf(CompactedException.class);
            App app = persistence.registerApp("after-restore", List.of(), List.of(), Map.of());
            List<Change> changes = persistence.changes().changesSince(horizon, 10);
            assertThat(changes).extracting(Change::revision).containsExactly(horizon + 1);
            assertThat(changes.get(0).event()).isEqualTo(new AppRegistered("after-restore", app, horizon + 1));
        }
    }

    @Test
    void watch_others_skips_this_managers_changes() throws Exception {
        try (PersistenceManager persistence = open(dir)) {
            List<Change> others = new ArrayList<>();
            try (ChangeWatch watch = persistence.changes().watchOthers(others::add);
                 Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("latzero.db"));
                 Statement s = raw.createStatement()) {
                persistence.registerApp("mine", List.of(), List.of(), Map.of());
                s.execute("PRAGMA busy_timeout = 5000");
                s.executeUpdate("DELETE FROM app_registry WHERE app_id = 'mine'");
                long end = persistence.changes().currentRevision();
                await("the external delete", Duration.ofSeconds(10), () -> watch.lastRevision() == end);
                assertThat(others).extracting(Change::event).containsExactly(new AppRemoved("mine", end));
            }
        }
    }
}
