package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.testing.SessionFactoryCounter;
import io.latzero.persistence.testing.TestManagers;
import jakarta.persistence.Entity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code initialize()} boots Hibernate on a startup thread while it checks and migrates the database: whichever step
 * fails, the failure is the documented {@link StorageException} and nothing opened for the attempt stays open.
 */
class StartupFailureTest {
    @TempDir
    Path dir;

    @Test
    void a_failing_hibernate_boot_on_the_startup_thread_is_a_storage_exception_and_releases_everything() {
        PersistenceManager broken = new PersistenceManager(TestManagers.config(dir)
                .entityClasses(List.of(WithoutId.class)).build());

        assertThatThrownBy(broken::initialize).isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot open the database at " + dir.resolve("latzero.db"))
                .hasMessageContaining(WithoutId.class.getName());

        assertThatThrownBy(broken::getAllApps).isInstanceOf(IllegalStateException.class);
        awaitNoStartupThread();
        try (PersistenceManager next = TestManagers.open(dir)) {
            assertThat(next.getAllApps()).isEmpty();
        }
    }

    @Test
    void a_refused_database_file_closes_the_session_factory_booted_for_it_before_initialize_throws() throws Exception {
        try (PersistenceManager first = TestManagers.open(dir)) {
            first.registerApp("a", List.of(), List.of(), Map.of());
        }
        try (Connection c = TestManagers.readWrite("jdbc:sqlite:" + dir.resolve("latzero.db"));
             Statement s = c.createStatement()) {
            s.execute("create view sneaky as select 1");
        }
        SessionFactoryCounter observer = new SessionFactoryCounter();
        PersistenceManager refused = new PersistenceManager(TestManagers.config(dir).build(),
                Map.of(AvailableSettings.SESSION_FACTORY_OBSERVER, observer));

        assertThatThrownBy(refused::initialize).isInstanceOf(StorageException.class).hasMessageContaining("sneaky");

        assertThat(observer.created()).as("session factories booted").isEqualTo(1);
        assertThat(observer.closed()).as("session factories closed").isEqualTo(1);
        awaitNoStartupThread();
    }

    @Test
    void a_successful_initialize_leaves_no_startup_thread_and_one_open_session_factory() {
        SessionFactoryCounter observer = new SessionFactoryCounter();
        try (PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir).build(),
                Map.of(AvailableSettings.SESSION_FACTORY_OBSERVER, observer))) {
            persistence.initialize();

            persistence.registerApp("a", List.of(), List.of(), Map.of());
            assertThat(persistence.getApp("a")).isPresent();
            assertThat(observer.created()).isEqualTo(1);
            assertThat(observer.closed()).isZero();
            awaitNoStartupThread();
        }
        assertThat(observer.closed()).isEqualTo(1);
    }

    private static void awaitNoStartupThread() {
        TestManagers.await("the startup thread to end", Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().equals("latzero-startup") && t.isAlive()));
    }

    /** An extension entity Hibernate refuses to map: it has no identifier. */
    @Entity
    static class WithoutId {
        String name;
    }
}
