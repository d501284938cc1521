package io.latzero.persistence.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.examples.Registrations;
import io.latzero.persistence.health.PersistenceReadinessCheck;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library on Weld SE 6 (CDI 4.1), configured through MicroProfile Config (SmallRye in SE): the container
 * discovers the library's bean archive, and each test boots and stops its own container on one data directory.
 */
class WeldSeIT {
    private static final Duration ASYNC_WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> SETTINGS = Map.of(
            "latzero.persistence.backup-interval", "PT0S",
            "latzero.persistence.entity-classes", AuditedNote.class.getName());

    @TempDir
    static Path dir;

    SeContainer container;
    PersistenceManager persistence;
    RecordingObservers observers;

    @BeforeAll
    static void configure() {
        System.setProperty("latzero.persistence.data-dir", dir.toString());
        SETTINGS.forEach(System::setProperty);
    }

    @AfterAll
    static void unconfigure() {
        System.clearProperty("latzero.persistence.data-dir");
        SETTINGS.keySet().forEach(System::clearProperty);
    }

    @BeforeEach
    void boot() {
        container = SeContainerInitializer.newInstance()
                .addBeanClasses(Registrations.class, RecordingObservers.class, NoteAudit.class)
                .initialize();
        persistence = container.select(PersistenceManager.class).get();
        observers = container.select(RecordingObservers.class).get();
    }

    @AfterEach
    void stop() {
        if (container.isRunning()) {
            container.close();
        }
    }

    @Test
    void injects_an_initialized_manager_configured_from_microprofile_config() {
        Registrations registrations = container.select(Registrations.class).get();

        registrations.register("injected-app");

        assertThat(persistence.config().dataDir()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(persistence.config().backupInterval()).isZero();
        assertThat(persistence.getApp("injected-app")).isPresent();
        assertThat(registrations.registered()).containsExactly("injected-app");
    }

    @Test
    void fires_each_committed_change_once_to_sync_and_async_observers_after_the_commit() throws InterruptedException {
        persistence.registerApp("sync-and-async", List.of(), List.of(), Map.of());

        assertThat(observers.sync()).singleElement().isInstanceOfSatisfying(AppRegistered.class,
                e -> assertThat(e.appId()).isEqualTo("sync-and-async"));
        assertThat(observers.committedWhenObserved()).containsExactly("sync-and-async");
        assertThat(observers.insideTransactionWhenObserved()).isEmpty();
        assertThat(nextAsync()).isEqualTo(observers.sync().get(0));
        assertThat(observers.async()).isEmpty();
    }

    @Test
    void a_change_another_writer_commits_reaches_from_other_writers_observers_with_its_origin_and_own_ones_do_not()
            throws Exception {
        persistence.registerApp("own-write", List.of(), List.of(), Map.of());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("latzero.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("INSERT INTO app_registry VALUES ('written-by-a-tool', '[\"tools\"]', '[]', '{}', '1.0', 1, 1, 0)");
        }

        Change change = observers.fromOtherWriters().poll(ASYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(change).as("a @FromOtherWriters Change within " + ASYNC_WAIT).isNotNull();
        assertThat(change.origin()).isEqualTo("external");
        assertThat(change.local()).isFalse();
        assertThat(change.event()).isInstanceOfSatisfying(AppRegistered.class, e -> {
            assertThat(e.appId()).isEqualTo("written-by-a-tool");
            assertThat(e.app().pools()).containsExactly("tools");
        });
        assertThat(observers.fromOtherWriters().poll(500, TimeUnit.MILLISECONDS)).as("own writes are not repeated").isNull();
        assertThat(observers.sync()).extracting(PersistenceEvent::revision).as("own events only")
                .containsExactly(change.revision() - 1);
    }

    @Test
    void a_rolled_back_transaction_fires_no_cdi_event() throws InterruptedException {
        assertThatThrownBy(() -> persistence.transaction(() -> {
            persistence.registerApp("rolled-back", List.of(), List.of(), Map.of());
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        persistence.registerApp("committed-after", List.of(), List.of(), Map.of());

        assertThat(persistence.getApp("rolled-back")).isEmpty();
        assertThat(appIds(observers.sync())).containsExactly("committed-after");
        assertThat(appIds(List.of(nextAsync()))).containsExactly("committed-after");
        assertThat(observers.async()).isEmpty();
    }

    @Test
    void an_observer_that_throws_neither_undoes_nor_breaks_the_write() throws InterruptedException {
        assertThat(persistence.registerApp("explode-1", List.of(), List.of(), Map.of()).appId()).isEqualTo("explode-1");
        persistence.registerApp("after-explosion", List.of(), List.of(), Map.of());

        assertThat(persistence.getApp("explode-1")).isPresent();
        assertThat(appIds(List.of(nextAsync(), nextAsync()))).containsExactlyInAnyOrder("explode-1", "after-explosion");
        assertThat(appIds(observers.sync())).contains("after-explosion");
    }

    @Test
    void hibernate_gets_the_bean_manager_so_extension_entity_listeners_are_injected() {
        persistence.transaction(() -> persistence.entityManager().createNativeQuery(AuditedNote.DDL).executeUpdate());

        persistence.transaction(() -> persistence.entityManager().persist(new AuditedNote("note-1")));

        assertThat(container.select(NoteAudit.class).get().persisted()).containsExactly("note-1");
    }

    @Test
    void the_readiness_check_is_a_bean_when_the_health_api_is_present() {
        // Its response needs a MicroProfile Health implementation; the Helidon test reads it from /health/ready.
        assertThat(container.select(HealthCheck.class, Readiness.Literal.INSTANCE).stream())
                .singleElement().isInstanceOf(PersistenceReadinessCheck.class);
    }

    @Test
    void stopping_the_container_shuts_the_manager_down_and_keeps_what_was_committed() {
        persistence.registerApp("survives-restart", List.of(), List.of(), Map.of());

        container.close();

        // The data directory lock is released: a plain SE manager opens the same directory and sees the row.
        try (PersistenceManager reopened = new PersistenceManager(
                PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build())) {
            reopened.initialize();
            assertThat(reopened.getApp("survives-restart")).isPresent();
        }
    }

    private PersistenceEvent nextAsync() throws InterruptedException {
        PersistenceEvent event = observers.async().poll(ASYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("an asynchronous event within " + ASYNC_WAIT).isNotNull();
        return event;
    }

    private static List<String> appIds(List<PersistenceEvent> events) {
        List<String> ids = new ArrayList<>();
        for (PersistenceEvent e : events) {
            if (e instanceof AppRegistered registered) {
                ids.add(registered.appId());
            }
        }
        return ids;
    }
}
