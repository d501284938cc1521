package io.latzero.persistence.internal.jpa;

import jakarta.persistence.EntityManagerFactory;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;

/**
 * Hibernate's boot of one persistence unit, started before the unit's database may be touched. With the dialect
 * given and JDBC metadata off at boot (the SQLite units), building the metamodel and the session factory needs no
 * connection, so it runs on another thread while the caller checks and migrates the database: it is most of a cold
 * start's CPU. The factory's data source refuses connections until {@link #finish} binds it to the unit's pool, so
 * nothing of Hibernate reaches a database that was not checked yet. Settings that need a connection at boot
 * (metadata access or a detected dialect, as on PostgreSQL, schema tooling, the caller's own connection settings)
 * make it boot in {@link #finish} instead, after migration.
 */
public final class HibernateBoot {
    /** Parts of setting names with which a caller makes Hibernate connect while booting, or replaces our pool. */
    private static final List<String> CONNECTING_SETTINGS = List.of("schema-generation", "hbm2ddl",
            "hibernate.connection.", "persistence.jdbc.", "DataSource", "hibernate.datasource");

    private final BoundDataSource dataSource = new BoundDataSource();
    private final String unitName;
    private final List<Class<?>> entities;
    private final Map<String, Object> settings;
    private CompletableFuture<EntityManagerFactory> early;
    /** Work for the thread that waits in {@link #finish}, while the boot is still running. */
    private List<Runnable> whileWaiting = List.of();
    /** Finished or abandoned; a boot may be abandoned from another thread (a manager's cleaner). */
    private final AtomicBoolean settled = new AtomicBoolean();

    private HibernateBoot(String unitName, List<Class<?>> entities, Map<String, Object> settings) {
        this.unitName = unitName;
        this.entities = entities;
        this.settings = settings;
    }

    /** Boots the unit (Hibernate's configuration too is made here, on the thread that boots). */
    private EntityManagerFactory boot() {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration(unitName)
                .managedClasses(entities)
                .schemaToolingAction(Action.NONE)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        settings.forEach(configuration::property);
        return configuration.createEntityManagerFactory();
    }

    /**
     * Starts booting {@code unitName} with {@code entities} on {@code executor} if its settings let it boot without
     * a connection, else it boots in {@link #finish}. {@code extraProperties} apply after the library's settings.
     * Whoever starts a boot must {@link #finish} or {@link #abandon} it.
     */
    public static HibernateBoot start(String unitName, List<Class<?>> entities, Map<String, Object> extraProperties,
                                      Executor executor) {
        HibernateBoot boot = configure(unitName, entities, extraProperties);
        if (bootsWithoutConnection(boot.settings, extraProperties)) {
            boot.early = CompletableFuture.supplyAsync(boot::boot, executor);
        }
        return boot;
    }

    /**
     * The library's settings for every unit, then {@code extraProperties} (a store's dialect settings, then the
     * caller's); nothing started yet.
     */
    private static HibernateBoot configure(String unitName, List<Class<?>> entities, Map<String, Object> extraProperties) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AvailableSettings.STATEMENT_BATCH_SIZE, 50);
        // IN lists padded to powers of two: a few statement shapes, so prepared statements are reused.
        settings.put(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true);
        settings.put(AvailableSettings.GENERATE_STATISTICS, true);
        settings.put(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, false);
        // Every SQL failure reaches the caller as a typed exception; Hibernate's own log lines for it would report
        // expected outcomes (a duplicate, a lost race) as warnings and, on PostgreSQL, print the row's bound values.
        settings.put(AvailableSettings.LOG_JDBC_ERRORS, false);
        // Entities are classes with annotations; no XML mappings, so no JAXB at run time.
        settings.put(AvailableSettings.XML_MAPPING_ENABLED, false);
        // One ByteBuddy provider for every boot of the process (see SharedBytecodeProvider), not one per boot.
        settings.put(SharedBytecodeProvider.SETTING, "true");
        // Hibernate's own JSON mapper (a second Jackson ObjectMapper) only when an entity uses Hibernate's JSON type.
        settings.put(AvailableSettings.JSON_FORMAT_MAPPER, LazyJsonFormatMapper.class);
        settings.putAll(extraProperties);
        return new HibernateBoot(unitName, entities, settings);
    }

    static boolean bootsWithoutConnection(Map<String, Object> settings, Map<String, Object> extraProperties) {
        Object dialect = settings.get(AvailableSettings.DIALECT);
        return "false".equals(String.valueOf(settings.get(AvailableSettings.ALLOW_METADATA_ON_BOOT)))
                && dialect != null && !dialect.toString().isBlank()
                && extraProperties.keySet().stream().noneMatch(key -> CONNECTING_SETTINGS.stream().anyMatch(key::contains));
    }

    /**
     * Gives {@link #finish} work that needs no database, to do instead of idling while the boot started earlier is
     * still running: each step starts only if the boot has not finished yet, and a step that fails is logged and
     * skipped (so it fails nothing and its work is simply done later, where it is first needed).
     */
    public void whileWaiting(List<Runnable> steps) {
        whileWaiting = List.copyOf(steps);
    }

    /**
     * Binds the factory's data source to {@code pool} (its schema migrated) and returns the factory, waiting for the
     * boot started earlier (doing the {@link #whileWaiting} steps meanwhile) or booting now.
     *
     * @throws RuntimeException what Hibernate threw while booting, unchanged
     */
    public EntityManagerFactory finish(DataSource pool) {
        dataSource.bind(pool);
        settled.set(true);
        if (early == null) {
            return boot();
        }
        for (Runnable step : whileWaiting) {
            if (early.isDone()) {
                break;
            }
            runQuietly(step);
        }
        try {
            return early.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /**
     * For a unit that will not open: waits for a boot started earlier (Hibernate cannot be interrupted while
     * booting) and closes the factory it built, so nothing of the unit outlives the failed open. Does nothing
     * after {@link #finish} or a first {@code abandon}; thread-safe.
     */
    public void abandon() {
        if (settled.getAndSet(true) || early == null) {
            return;
        }
        try {
            early.join().close();
        } catch (RuntimeException e) {
            // The open already failed for another reason, which is the one to report. (No static logger: the
            // JDK's logger lookup would run before the boot starts.)
            System.getLogger(HibernateBoot.class.getName()).log(Level.DEBUG, "The abandoned Hibernate boot failed too", e);
        }
    }

    /**
     * Runs {@code step}, logging what it throws: a linkage error (a class path missing or mismatching a library) as a
     * warning, since the step may have left a class that later calls then report only as "could not initialize".
     */
    private static void runQuietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            System.getLogger(HibernateBoot.class.getName()).log(e instanceof LinkageError ? Level.WARNING : Level.DEBUG,
                    "A step done while Hibernate booted failed", e);
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return e;
    }
}
