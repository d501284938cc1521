package io.latzero.persistence.internal.store;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceStats;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.change.internal.ChangeFeedService;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.store.sqlite.EphemeralStore;
import io.latzero.persistence.internal.store.sqlite.WalSyncer;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The two units a manager opens: the durable store {@code config} selects, and the ephemeral store of trigger
 * records. Opens them together, closes them, and reports on them. The durable unit's Hibernate boot (most of a cold
 * start) starts when the stores are made, on a startup thread, so it runs while the rest of the manager is built
 * and its database is checked and migrated.
 */
public final class Stores implements AutoCloseable {
    /** Abandons the boot of stores dropped without being opened or closed. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final PersistenceConfig config;
    private final List<Class<?>> durableEntities;
    private final List<Class<?>> ephemeralEntities;
    private final Map<String, Object> jpaProperties;
    private final DurableStore durable;
    private final EphemeralStore ephemeral;
    /** The boot started with the stores, until the first {@link #open} takes it or {@link #close()} abandons it. */
    private HibernateBoot earlyBoot;

    /**
     * Starts the durable unit's boot first, then makes the stores (loading their classes, and the JDK's logging, while
     * Hibernate boots).
     *
     * @param config            the settings; without a {@code changeLogOrigin}, one is made up ({@link #config()})
     * @param durableEntities   the library's durable entities; the configured {@code entityClasses} are added
     * @param ephemeralEntities the ephemeral unit's entities
     * @param jpaProperties     applied to the durable unit after the store's own settings
     */
    public Stores(PersistenceConfig config, List<Class<?>> durableEntities, List<Class<?>> ephemeralEntities,
                  Map<String, ?> jpaProperties, Function<Path, WalSyncer.Sync> walSyncOf) {
        this.durableEntities = durableEntities;
        this.ephemeralEntities = ephemeralEntities;
        this.jpaProperties = Map.copyOf(jpaProperties);
        HibernateBoot boot = durableBoot(config, DurableStore.hibernateSettings(config), Stores::onStartupThread);
        this.earlyBoot = boot;
        // Not this::, which would keep the stores reachable: waits for the boot and closes its factory.
        CLEANER.register(this, boot::abandon);
        this.config = config.changeLogOrigin() != null ? config
                : config.toBuilder().changeLogOrigin(ChangeFeedService.madeUpOrigin()).build();
        this.durable = DurableStore.of(this.config, this::durableBoot, walSyncOf);
        this.ephemeral = new EphemeralStore(this.config, ephemeralEntities);
    }

    /**
     * Work the first {@link #open} does on its caller's thread while it waits for the boot started with the stores
     * ({@link HibernateBoot#whileWaiting}): work that needs no database, which the first operations would otherwise do.
     */
    public void whileBooting(List<Runnable> steps) {
        if (earlyBoot != null) {
            earlyBoot.whileWaiting(steps);
        }
    }

    /** The settings the stores were made with, {@code changeLogOrigin} set. */
    public PersistenceConfig config() {
        return config;
    }

    /** Runs {@code boot} on a new daemon thread, which has this thread's context class loader (Hibernate looks there too). */
    private static void onStartupThread(Runnable boot) {
        Thread t = new Thread(boot, "latzero-startup");
        t.setDaemon(true);
        t.start();
    }

    public DurableStore durable() {
        return durable;
    }

    public EphemeralStore ephemeral() {
        return ephemeral;
    }

    /**
     * Opens (checking and migrating) the durable store with the boot started with the stores (a new one if an earlier
     * open took it); {@code backups} as {@link DurableStore#open} takes it. What was opened stays open if a step
     * fails: {@link #close()} it. The ephemeral store's database is created too; its Hibernate unit opens when a
     * transaction first uses it ({@link EphemeralStore#openIfClosed}).
     */
    public void open(Supplier<BackupStore> backups) {
        HibernateBoot durableBoot = earlyBoot != null ? earlyBoot : durable.startBoot(Stores::onStartupThread);
        earlyBoot = null;
        try {
            durable.open(durableBoot, backups);
            ephemeral.create();
        } finally {
            durableBoot.abandon();
        }
    }

    /** Starts the durable unit's Hibernate boot with the store's {@code settings}, then the caller's properties. */
    private HibernateBoot durableBoot(Map<String, Object> settings, Executor executor) {
        return durableBoot(config, settings, executor);
    }

    private HibernateBoot durableBoot(PersistenceConfig config, Map<String, Object> settings, Executor executor) {
        List<Class<?>> entities = new ArrayList<>(durableEntities);
        entities.addAll(config.entityClasses());
        Map<String, Object> properties = new HashMap<>(settings);
        properties.putAll(jpaProperties);
        return HibernateBoot.start("latzero-durable", entities, properties, executor);
    }

    /** Stats of the open stores, with the callers' row {@code counts} and {@code activeTransactions}. */
    public PersistenceStats stats(Map<String, Long> counts, int activeTransactions, long revision) {
        WalSyncer.Status sync = durable.walSync();
        Database durableDb = durable.database();
        Database ephemeralDb = ephemeral.database();
        return new PersistenceStats(durableDb.schemaVersion(), config.dataDir().toString(), durableDb.location(),
                ephemeral.location(), activeTransactions,
                durableDb.preparedStatements() + (ephemeralDb == null ? 0 : ephemeralDb.preparedStatements()), counts,
                durable.backupFormat(),
                durable.synchronous(), sync.window(), sync.syncs(), sync.failures(), sync.lastFailure(),
                sync.longestSync(), sync.slowSyncs(), revision);
    }

    /** Closes both stores; a boot no {@link #open} took is waited for and its factory closed. */
    @Override
    public void close() {
        if (earlyBoot != null) {
            earlyBoot.abandon();
            earlyBoot = null;
        }
        ephemeral.close();
        durable.close();
    }
}
