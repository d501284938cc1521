package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppRegistryTest {
    @TempDir
    Path dir;
    PersistenceManager persistence;
    final List<PersistenceEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build());
        persistence.initialize();
        persistence.on(PersistenceEvent.class, events::add);
    }

    @AfterEach
    void close() {
        persistence.close();
    }

    @Test
    void registersAndReadsBackAnApp() {
        App app = persistence.registerApp("my-app", List.of("t1", "t2"), List.of("p1", "p2"), Map.of("version", "1.0.0"));
        assertThat(app.appId()).isEqualTo("my-app");
        assertThat(persistence.getApp("my-app")).contains(app);
        assertThat(persistence.getAppsByPool("p2")).containsExactly(app);
        assertThat(events).containsExactly(new AppRegistered("my-app", app));
    }

    @Test
    void updateReplacesOnlyTheFieldsSet() {
        persistence.registerApp("a", List.of("t1"), List.of("p1"), Map.of("k", 1));
        AppUpdate update = AppUpdate.builder().triggers(List.of("t1", "t3")).build();
        App updated = persistence.updateApp("a", update);
        assertThat(updated.triggers()).containsExactly("t1", "t3");
        assertThat(updated.pools()).containsExactly("p1");
        assertThat(updated.meta()).isEqualTo(Map.of("k", 1));
        assertThat(events).last().isEqualTo(new AppUpdated("a", updated, update));
    }

    @Test
    void rolledBackTransactionLeavesNoTraceAndFiresNothing() {
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp("x", List.of(), List.of("p"), Map.of());
            throw new IllegalArgumentException("boom");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(persistence.getApp("x")).isEmpty();
        assertThat(persistence.getAppsByPool("p")).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void dataSurvivesReopen() {
        persistence.registerApp("keep", List.of(), List.of("p"), Map.of("n", List.of(1, 2)));
        persistence.close();
        persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).build());
        persistence.initialize();
        assertThat(persistence.getApp("keep")).get().extracting(App::meta).isEqualTo(Map.of("n", List.of(1, 2)));
    }

    @Test
    void backupAndRestoreRoundTrip() {
        persistence.registerApp("before", List.of(), List.of(), Map.of());
        Path backup = persistence.createBackup();
        persistence.registerApp("after", List.of(), List.of(), Map.of());
        persistence.restoreBackup(backup);
        assertThat(persistence.getApp("before")).isPresent();
        assertThat(persistence.getApp("after")).isEmpty();
        assertThat(persistence.listBackups()).hasSize(2);
    }
}
