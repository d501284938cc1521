package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.change.ChangeWatch;
import io.latzero.persistence.change.CompactedException;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change feed across two servers (two managers) sharing one PostgreSQL schema, and writes by psql-like clients. */
class ChangeFeedPostgresIT {
    @TempDir
    Path dir;
    PostgresServers servers;
    PersistenceManager first;
    PersistenceManager second;

    @BeforeEach
    void openTwoServers() {
        servers = new PostgresServers(dir);
        first = servers.open("server-a");
        second = servers.open("server-b");
    }

    @AfterEach
    void close() {
        servers.close();
    }

    @Test
    void each_server_hears_the_others_commits_with_their_origin_in_under_100_ms_median() throws Exception {
        Map<String, Long> delivered = new ConcurrentHashMap<>();
        List<Change> heard = new CopyOnWriteArrayList<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> started = new ConcurrentHashMap<>();
        try (ChangeWatch watch = second.changes().watchOthers(change -> {
            heard.add(change);
            String id = ((AppRegistered) change.event()).appId();
            latencies.add((System.nanoTime() - started.get(id)) / 1_000_000);
            delivered.put(id, change.revision());
        })) {
            for (int i = 0; i < 150; i++) {
                String id = "lat-" + i;
                started.put(id, System.nanoTime());
                first.registerApp(id, List.of(), List.of(), Map.of());
                Thread.sleep(15);
                second.saveServerConfig("own-" + i, i);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (delivered.size() < 150 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(heard).hasSize(150).allSatisfy(c -> {
            assertThat(c.origin()).isEqualTo("server-a");
            assertThat(c.local()).isFalse();
        });
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long median = sorted.get(sorted.size() / 2);
        String figures = "cross-server latency ms: median=" + median + " p90=" + sorted.get(sorted.size() * 9 / 10)
                + " max=" + sorted.get(sorted.size() - 1) + " n=" + sorted.size() + "\n";
        Files.writeString(Path.of("target", "change-feed-latency.txt"), figures);
        System.out.print(figures);
        assertThat(median).isLessThan(100);
    }

    @Test
    void revisions_are_in_commit_order_across_servers_and_rollbacks_never_appear() throws Exception {
        List<PersistenceEvent> firstEvents = new CopyOnWriteArrayList<>();
        first.on(PersistenceEvent.class, firstEvents::add);
        long start = first.changes().currentRevision();
        Thread a = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                first.registerApp("a-" + i, List.of(), List.of(), Map.of());
            }
        });
        Thread b = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                second.registerApp("b-" + i, List.of(), List.of(), Map.of());
                try {
                    second.transaction(() -> {
                        second.registerApp("rolled-back-" + Thread.currentThread().getId(), List.of(), List.of(), Map.of());
                        throw new IllegalStateException("abort");
                    });
                } catch (IllegalStateException expected) {
                    // rolled back
                }
            }
        });
        a.start();
        b.start();
        a.join();
        b.join();
        List<Change> changes = first.changes().changesSince(start, 1000);
        assertThat(changes).extracting(Change::revision)
                .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, start + 200).boxed().toList());
        assertThat(changes).extracting(c -> ((AppRegistered) c.event()).appId()).noneMatch(id -> id.startsWith("rolled"));
        assertThat(firstEvents).extracting(PersistenceEvent::revision)
                .containsExactlyElementsOf(changes.stream().filter(Change::local).map(Change::revision).toList());
    }

    @Test
    void a_psql_style_write_appears_with_its_new_state_and_no_update() throws Exception {
        first.registerApp("x", List.of(), List.of(), Map.of());
        long before = second.changes().currentRevision();
        try (Connection c = DriverManager.getConnection(servers.schema().database().url(), servers.schema().database().user(), null);
             Statement s = c.createStatement()) {
            s.execute("SET application_name = 'psql'");
            s.executeUpdate("UPDATE app_registry SET meta = '{\"by\":\"psql\"}' WHERE app_id = 'x'");
        }
        List<Change> changes = second.changes().changesSince(before, 10);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).origin()).isEqualTo("external:psql");
        AppUpdated updated = (AppUpdated) changes.get(0).event();
        assertThat(updated.update()).isNull();
        assertThat(updated.app()).isEqualTo(second.getApp("x").orElseThrow());
        assertThat(updated.app().meta()).isEqualTo(Map.of("by", "psql"));
    }

    @Test
    void compaction_and_restore_move_the_horizon_and_revisions_keep_increasing() throws Exception {
        for (int i = 0; i < 30; i++) {
            first.registerApp("c-" + i, List.of(), List.of(), Map.of());
        }
        try (PersistenceManager compacting = servers.open("compactor", PersistenceConfig.builder().changeLogMaxChanges(10))) {
            assertThat(compacting.changes().compact()).isEqualTo(20);
        }
        assertThatThrownBy(() -> second.changes().changesSince(5, 10))
                .isInstanceOfSatisfying(CompactedException.class, e -> assertThat(e.oldestRevision()).isEqualTo(21));
        assertThat(second.changes().changesSince(20, 100)).hasSize(10);

        Path backup = first.createBackup();
        first.registerApp("after-backup", List.of(), List.of(), Map.of());
        long beforeRestore = first.changes().currentRevision();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ChangeWatch watching = second.changes().watch(beforeRestore, c -> { }, failure::set);
        first.restoreBackup(backup);
        long horizon = first.changes().currentRevision();
        assertThat(horizon).isGreaterThan(beforeRestore);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(failure.get()).isInstanceOf(CompactedException.class);
        assertThat(watching.isOpen()).isFalse();
        second.registerApp("after-restore", List.of(), List.of(), Map.of());
        assertThat(second.changes().changesSince(horizon, 10)).extracting(Change::revision).containsExactly(horizon + 1);
    }
}
