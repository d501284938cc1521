package io.latzero.persistence.internal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.internal.store.sqlite.SqliteDataSources;
import io.latzero.persistence.testing.SessionFactoryCounter;
import io.latzero.persistence.trigger.internal.TriggerRecordEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.hibernate.AnnotationException;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.Test;

class HibernateBootTest {
    private static final List<Class<?>> ENTITIES = List.of(TriggerRecordEntity.class);
    /** What a unit on SQLite boots with: enough to boot without a connection. */
    private static final Map<String, Object> SQLITE = SqliteDataSources.hibernateSettings();

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> settings = new HashMap<>(SQLITE);
        settings.put(key, value);
        return settings;
    }

    @Test
    void boots_on_the_executor_without_a_connection_and_connects_only_through_the_pool_bound_in_finish() throws Exception {
        AtomicInteger submitted = new AtomicInteger();
        Executor recording = task -> {
            submitted.incrementAndGet();
            task.run();
        };
        HibernateBoot boot = HibernateBoot.start("boot-test", ENTITIES, SQLITE, recording);
        assertThat(submitted.get()).as("boots submitted to the executor").isEqualTo(1);

        try (HikariDataSource pool = migratedMemoryPool()) {
            AtomicInteger connections = new AtomicInteger();
            EntityManagerFactory emf = boot.finish(counting(pool, connections));
            try {
                assertThat(connections.get()).as("connections taken by the boot").isZero();
                EntityManager em = emf.createEntityManager();
                try {
                    assertThat(em.find(TriggerRecordEntity.class, "none")).isNull();
                } finally {
                    em.close();
                }
                assertThat(connections.get()).isPositive();
            } finally {
                emf.close();
            }
        }
    }

    @Test
    void the_data_source_refuses_connections_until_it_is_bound() {
        BoundDataSource unbound = new BoundDataSource();

        assertThatThrownBy(unbound::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("not open yet");
    }

    @Test
    void settings_that_need_a_connection_at_boot_make_it_boot_in_finish_instead() {
        Executor refusing = task -> {
            throw new AssertionError("booted early with settings that need a connection");
        };

        HibernateBoot metadata = HibernateBoot.start("boot-test", ENTITIES,
                with(AvailableSettings.ALLOW_METADATA_ON_BOOT, true), refusing);
        HibernateBoot detected = HibernateBoot.start("boot-test", ENTITIES, Map.of(), refusing);
        HibernateBoot tooling = HibernateBoot.start("boot-test", ENTITIES,
                with("jakarta.persistence.schema-generation.database.action", "create"), refusing);
        HibernateBoot ownUrl = HibernateBoot.start("boot-test", ENTITIES,
                with("jakarta.persistence.jdbc.url", "jdbc:sqlite::memory:"), refusing);

        for (HibernateBoot late : List.of(metadata, detected, tooling, ownUrl)) {
            late.abandon();
        }
    }

    @Test
    void a_failed_boot_is_thrown_from_finish_as_hibernate_threw_it() throws Exception {
        HibernateBoot boot = HibernateBoot.start("boot-test", List.of(WithoutId.class), SQLITE, HibernateBootTest::onNewThread);

        try (HikariDataSource pool = migratedMemoryPool()) {
            assertThatThrownBy(() -> boot.finish(pool)).isInstanceOf(AnnotationException.class)
                    .hasMessageContaining(WithoutId.class.getName());
        }
    }

    @Test
    void abandoning_a_boot_waits_for_it_and_closes_the_factory_it_built() {
        SessionFactoryCounter observer = new SessionFactoryCounter();
        HibernateBoot boot = HibernateBoot.start("boot-test", ENTITIES,
                with(AvailableSettings.SESSION_FACTORY_OBSERVER, observer), HibernateBootTest::onNewThread);

        boot.abandon();
        boot.abandon();

        assertThat(observer.created()).isEqualTo(1);
        assertThat(observer.closed()).isEqualTo(1);
    }

    @Test
    void abandoning_a_finished_boot_leaves_its_factory_open() throws Exception {
        SessionFactoryCounter observer = new SessionFactoryCounter();
        HibernateBoot boot = HibernateBoot.start("boot-test", ENTITIES,
                with(AvailableSettings.SESSION_FACTORY_OBSERVER, observer), Runnable::run);
        try (HikariDataSource pool = migratedMemoryPool()) {
            EntityManagerFactory emf = boot.finish(pool);

            boot.abandon();

            assertThat(emf.isOpen()).isTrue();
            assertThat(observer.closed()).isZero();
            emf.close();
        }
    }

    @Test
    void the_steps_to_do_while_waiting_run_on_the_finishing_thread_before_the_boot_ends() throws Exception {
        CountDownLatch stepsDone = new CountDownLatch(1);
        HibernateBoot boot = bootingOnceReleased(stepsDone);
        List<String> ranOn = new CopyOnWriteArrayList<>();
        boot.whileWaiting(List.of(() -> ranOn.add(Thread.currentThread().getName()), stepsDone::countDown));

        try (HikariDataSource pool = migratedMemoryPool()) {
            boot.finish(pool).close();
        }

        assertThat(ranOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void steps_that_fail_or_do_not_link_are_skipped_and_the_boot_finishes_as_usual() throws Exception {
        CountDownLatch stepsDone = new CountDownLatch(1);
        HibernateBoot boot = bootingOnceReleased(stepsDone);
        Runnable failing = () -> {
            throw new IllegalStateException("warm-up failed");
        };
        Runnable unlinkable = () -> {
            throw new NoClassDefFoundError("a/missing/Library");
        };
        boot.whileWaiting(List.of(failing, unlinkable, stepsDone::countDown));

        try (HikariDataSource pool = migratedMemoryPool()) {
            EntityManagerFactory emf = boot.finish(pool);

            assertThat(emf.isOpen()).isTrue();
            assertThat(stepsDone.getCount()).as("steps left undone").isZero();
            emf.close();
        }
    }

    @Test
    void no_step_runs_once_the_boot_has_ended() throws Exception {
        HibernateBoot boot = HibernateBoot.start("boot-test", ENTITIES, SQLITE, Runnable::run);
        AtomicInteger steps = new AtomicInteger();
        boot.whileWaiting(List.of(steps::incrementAndGet));

        try (HikariDataSource pool = migratedMemoryPool()) {
            boot.finish(pool).close();
        }

        assertThat(steps.get()).isZero();
    }

    /**
     * A boot that runs on a new thread once {@code release} is counted down (or after a bound, so that a finish()
     * that does not release it fails the test instead of hanging).
     */
    private static HibernateBoot bootingOnceReleased(CountDownLatch release) {
        return HibernateBoot.start("boot-test", ENTITIES, SQLITE, task -> onNewThread(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        }));
    }

    private static void onNewThread(Runnable task) {
        new Thread(task, "boot-test").start();
    }

    private static HikariDataSource migratedMemoryPool() {
        HikariDataSource pool = SqliteDataSources.memory("boot-test-" + UUID.randomUUID(), PersistenceConfig.builder().build());
        Migrations.migrate(pool, Migrations.EPHEMERAL_SQLITE, "the boot test database");
        return pool;
    }

    /** An entity Hibernate refuses to map: it has no identifier. */
    @Entity
    static class WithoutId {
        String name;
    }

    /** {@code pool}, counting the connections taken from it. */
    private static DataSource counting(DataSource pool, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(HibernateBootTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
