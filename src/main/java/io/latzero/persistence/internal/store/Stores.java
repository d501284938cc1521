package io.latzero.persistence.internal.store;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceStats;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.store.sqlite.EphemeralStore;
import io.latzero.persistence.internal.store.sqlite.WalSyncer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The two units a manager opens: the durable store {@code config} selects, and the ephemeral store of trigger
 * records. Opens them together (Hibernate booting meanwhile), closes them, and reports on them.
 */
public final class Stores implements AutoCloseable {
    private final PersistenceConfig config;
    private final List<Class<?>> durableEntities;
    private final List<Class<?>> ephemeralEntities;
    private final Map<String, Object> jpaProperties;
    private final DurableStore durable;
    private final EphemeralStore ephemeral;

    /**
     * @param durableEntities   the library's durable entities; the configured {@code entityClasses} are added
     * @param ephemeralEntities the ephemeral unit's entities
     * @param jpaProperties     applied to the durable unit after the store's own settings
     */
    public Stores(PersistenceConfig config, List<Class<?>> durableEntities, List<Class<?>> ephemeralEntities,
                  Map<String, ?> jpaProperties, Function<Path, WalSyncer.Sync> walSyncOf) {
        this.config = config;
        this.durableEntities = durableEntities;
        this.ephemeralEntities = ephemeralEntities;
        this.jpaProperties = Map.copyOf(jpaProperties);
        this.durable = DurableStore.of(config, this::durableBoot, walSyncOf);
        this.ephemeral = new EphemeralStore(config, ephemeralEntities);
    }

    public DurableStore durable() {
        return durable;
    }

    public EphemeralStore ephemeral() {
        return ephemeral;
    }

    /**
     * Opens (checking and migrating) the durable store; {@code backups} as {@link DurableStore#open} takes it. What
     * was opened stays open if a step fails: {@link #close()} it. The ephemeral store's database is created too; its
     * Hibernate unit opens when a transaction first uses it ({@link EphemeralStore#openIfClosed}).
     */
    public void open(Supplier<BackupStore> backups) {
        ExecutorService startup = Executors.newSingleThreadExecutor(r -> {
            // Created on this thread, so it has the caller's context class loader, which Hibernate looks in too.
            Thread t = new Thread(r, "latzero-startup");
            t.setDaemon(true);
            return t;
        });
        // Hibernate's boot is most of a cold start and needs no connection: it runs on the startup thread while this
        // one checks and migrates the durable database.
        HibernateBoot durableBoot = durable.startBoot(startup);
        try {
            durable.open(durableBoot, backups);
            ephemeral.create();
        } finally {
            durableBoot.abandon();
            startup.shutdown();
        }
    }

    /** Starts the durable unit's Hibernate boot with the store's {@code settings}, then the caller's properties. */
    private HibernateBoot durableBoot(Map<String, Object> settings, Executor executor) {
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

    @Override
    public void close() {
        ephemeral.close();
        durable.close();
    }
}
