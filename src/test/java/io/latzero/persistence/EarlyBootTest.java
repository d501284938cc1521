package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.testing.SessionFactoryCounter;
import io.latzero.persistence.testing.TestManagers;
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
 * The durable unit's Hibernate boot starts when the manager is made, before {@code initialize()}: the first
 * {@code initialize()} uses it, and a manager closed or dropped without one does not keep its session factory.
 */
class EarlyBootTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void hibernate_boots_when_the_manager_is_made_and_initialize_uses_that_session_factory() {
        SessionFactoryCounter observer = new SessionFactoryCounter();
        try (PersistenceManager persistence = managerObservedBy(observer)) {
            TestManagers.await("the session factory booted before initialize", LIMIT, () -> observer.created() == 1);

            persistence.initialize();
            persistence.registerApp("a", List.of(), List.of(), Map.of());

            assertThat(persistence.getApp("a")).isPresent();
            assertThat(observer.created()).as("session factories booted").isEqualTo(1);
            assertThat(observer.closed()).isZero();
        }
        assertThat(observer.closed()).isEqualTo(1);
    }

    @Test
    void closing_a_manager_that_was_never_initialized_closes_the_session_factory_booted_for_it() {
        SessionFactoryCounter observer = new SessionFactoryCounter();

        managerObservedBy(observer).close();

        assertThat(observer.created()).isEqualTo(1);
        assertThat(observer.closed()).isEqualTo(1);
    }

    @Test
    void a_manager_dropped_without_initialize_or_close_has_its_session_factory_closed() {
        SessionFactoryCounter observer = new SessionFactoryCounter();
        managerObservedBy(observer);

        TestManagers.await("the dropped manager's session factory to close", LIMIT, () -> {
            System.gc();
            return observer.closed() == 1;
        });
        assertThat(observer.created()).isEqualTo(1);
    }

    @Test
    void an_initialize_retried_after_a_refusal_boots_hibernate_again_and_opens() throws Exception {
        try (PersistenceManager first = TestManagers.open(dir)) {
            first.registerApp("a", List.of(), List.of(), Map.of());
        }
        execute("create view sneaky as select 1");
        SessionFactoryCounter observer = new SessionFactoryCounter();
        try (PersistenceManager persistence = managerObservedBy(observer)) {
            assertThatThrownBy(persistence::initialize).isInstanceOf(StorageException.class).hasMessageContaining("sneaky");
            execute("drop view sneaky");

            persistence.initialize();

            assertThat(persistence.getApp("a")).isPresent();
            assertThat(observer.created()).as("session factories booted").isEqualTo(2);
            assertThat(observer.closed()).as("session factories closed").isEqualTo(1);
        }
    }

    private PersistenceManager managerObservedBy(SessionFactoryCounter observer) {
        return new PersistenceManager(TestManagers.config(dir).build(),
                Map.of(AvailableSettings.SESSION_FACTORY_OBSERVER, observer));
    }

    private void execute(String sql) throws Exception {
        try (Connection c = TestManagers.readWrite("jdbc:sqlite:" + dir.resolve("latzero.db"));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
