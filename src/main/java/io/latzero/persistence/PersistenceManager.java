package io.latzero.persistence;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.app.internal.AppEntity;
import io.latzero.persistence.app.internal.AppPoolMember;
import io.latzero.persistence.app.internal.AppRepository;
import io.latzero.persistence.app.internal.CommittedAppCache;
import io.latzero.persistence.backup.internal.BackupStore;
import io.latzero.persistence.backup.internal.DatabaseInspector;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.block.internal.MemoryBlockEntity;
import io.latzero.persistence.block.internal.MemoryBlockRepository;
import io.latzero.persistence.config.internal.ServerConfigEntity;
import io.latzero.persistence.config.internal.ServerConfigRepository;
import io.latzero.persistence.event.BackupCreated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.Subscription;
import io.latzero.persistence.event.internal.EventBus;
import io.latzero.persistence.internal.DataDirectory;
import io.latzero.persistence.internal.Database;
import io.latzero.persistence.internal.DurableBackend;
import io.latzero.persistence.internal.PostgresDataSources;
import io.latzero.persistence.internal.Errors;
import io.latzero.persistence.internal.FileSafety;
import io.latzero.persistence.internal.HibernateBoot;
import io.latzero.persistence.internal.Migrations;
import io.latzero.persistence.internal.SqliteDataSources;
import io.latzero.persistence.internal.TransactionRunner;
import io.latzero.persistence.internal.WalSyncer;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.pool.internal.PoolRepository;
import io.latzero.persistence.trigger.TriggerRecord;
import io.latzero.persistence.trigger.internal.TriggerRecordEntity;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import io.latzero.persistence.transfer.internal.NdjsonExporter;
import io.latzero.persistence.transfer.internal.NdjsonImporter;
import io.latzero.persistence.trigger.internal.TriggerRecordRepository;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sqlite.SQLiteConnection;

/**
 * The LatZero persistence layer: app registrations, pool and memory-block metadata and server config in a
 * durable SQLite database, trigger records in an in-memory one. Thread-safe. Create it with a
 * {@link PersistenceConfig}, call {@link #initialize()}, and {@link #close()} it when done:
 *
 * <pre>{@code
 * try (PersistenceManager persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).build())) {
 *     persistence.initialize();
 *     persistence.registerApp("my-app", List.of("process-data"), List.of("data-pool"), Map.of("version", "1.0.0"));
 * }
 * }</pre>
 *
 * <p>Every method other than {@code initialize}, {@code shutdown}, {@code close}, {@code config} and {@code on}
 * throws {@link IllegalStateException} before {@code initialize()} and after {@code shutdown()}. Failures are
 * {@link LatZeroPersistenceException}s; nothing is written when a call fails.
 *
 * <p><b>JSON values</b> (metadata, properties, options, policies, permissions, config and server config values)
 * read back exactly as given, or are refused with an {@link InvalidInputException} whose field is the parameter
 * and whose message names the place inside it (e.g. {@code metadata.limits[1]}). Any string is accepted, control
 * characters included, as a value and as a key. Refused: what Jackson cannot serialise (an object with no
 * properties, {@code Optional} and other types without a serialiser, a cycle), a null key, NaN and infinite
 * {@code double}s and {@code float}s (JSON has none; a decimal beyond ±1.8E308 counts as infinite), a string or key
 * holding an unpaired surrogate (stored JSON is UTF-8, which cannot encode one), nesting deeper than 64 levels and
 * JSON text over 1 MiB. The entries stored in columns of their own (a block's {@code name} and {@code pool}, a
 * pool's {@code description} and {@code owners}) follow the rules of those columns: free text or ids.
 *
 * <p>Not final only so that CDI can proxy the {@code @ApplicationScoped} instance that
 * {@code io.latzero.persistence.cdi.PersistenceManagerProducer} makes; do not subclass it.
 */
public class PersistenceManager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PersistenceManager.class.getName());
    private static final List<Class<?>> DURABLE_ENTITIES =
            List.of(AppEntity.class, AppPoolMember.class, io.latzero.persistence.pool.internal.PoolEntity.class,
                    MemoryBlockEntity.class, ServerConfigEntity.class);

    private enum State { NEW, OPEN, CLOSED }

    private final PersistenceConfig config;
    private final Map<String, Object> jpaProperties;
    private final DurableBackend backend;
    private final EventBus events = new EventBus();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final TransactionRunner tx;
    private final CommittedAppCache appCache;
    private final AppRepository apps;
    private final PoolRepository pools;
    private final MemoryBlockRepository blocks;
    private final ServerConfigRepository serverConfig;
    private final TriggerRecordRepository triggers;
    /** Syncs the WAL within the durability window; null where no window is in force. */
    private final WalSyncer walSync;

    private State state = State.NEW;
    private DataDirectory dataDirectory;
    private volatile Database durable;
    private Database ephemeral;
    private BackupStore backups;
    private Map<String, String> ownTriggers = Map.of();
    private ScheduledExecutorService maintenance;

    /** A manager with the given settings; nothing is opened until {@link #initialize()}. */
    public PersistenceManager(PersistenceConfig config) {
        this(config, Map.of());
    }

    /**
     * A manager whose durable persistence unit also gets {@code jpaProperties} when Hibernate boots, such as
     * {@code jakarta.persistence.bean.manager} so that entity listeners of extensions are CDI beans. They are
     * applied after the library's own settings.
     */
    public PersistenceManager(PersistenceConfig config, Map<String, ?> jpaProperties) {
        this(config, jpaProperties, WalSyncer::walFileOf);
    }

    /** As {@link #PersistenceManager(PersistenceConfig, Map)}, syncing the WAL of {@code latzero.db} with {@code walSyncOf}. */
    PersistenceManager(PersistenceConfig config, Map<String, ?> jpaProperties,
                       Function<Path, WalSyncer.Sync> walSyncOf) {
        this.config = Objects.requireNonNull(config, "config");
        this.jpaProperties = Map.copyOf(jpaProperties);
        this.backend = DurableBackend.of(config);
        this.tx = new TransactionRunner(() -> durable, () -> ephemeral, events, ownsDatabase());
        this.appCache = ownsDatabase() ? new CommittedAppCache(tx.commitSequence()) : null;
        Duration window = durabilityWindowInForce();
        this.walSync = window == null ? null
                : new WalSyncer(window, walSyncOf.apply(config.dataDir().resolve(DataDirectory.DATABASE_FILE)));
        // Counted first: the commit's WAL frames are written, whatever the cache then does.
        Consumer<List<PersistenceEvent>> afterCommit = walSync == null ? committed -> { }
                : committed -> walSync.committed();
        if (appCache != null) {
            afterCommit = afterCommit.andThen(appCache::committed);
        }
        tx.onDurableCommit(afterCommit);
        this.apps = new AppRepository(tx, appCache);
        this.pools = new PoolRepository(tx);
        this.blocks = new MemoryBlockRepository(tx);
        this.serverConfig = new ServerConfigRepository(tx);
        this.triggers = new TriggerRecordRepository(tx);
    }

    /** A manager with every default setting ({@code ~/.latzero}). */
    public PersistenceManager() {
        this(PersistenceConfig.defaults());
    }

    /** The settings this manager was created with. */
    public PersistenceConfig config() {
        return config;
    }

    /**
     * The durability window, where it is in force: {@code latzero.db} in WAL mode at {@code NORMAL}. Elsewhere a
     * commit is durable when it returns ({@code FULL}; a rollback journal, which NORMAL still syncs at commit), never
     * is (memory mode), or is the server's business (PostgreSQL).
     */
    private Duration durabilityWindowInForce() {
        boolean applies = backend == DurableBackend.SQLITE_FILE && config.walMode()
                && config.synchronous() == Synchronous.NORMAL && !config.durabilityWindow().isZero();
        return applies ? config.durabilityWindow() : null;
    }

    /**
     * Whether this process is the durable database's only writer (SQLite: the data directory lock), so committed
     * state may be cached in memory and concurrent commits grouped.
     */
    private boolean ownsDatabase() {
        return !backend.sharedWithOtherProcesses();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Opens (creating if needed) the data directory and both databases and migrates their schema. Idempotent.
     *
     * @throws StorageException      naming the path if the directory cannot be used, is held by another process, or
     *                               holds a damaged or newer database (left untouched)
     * @throws IllegalStateException after {@link #shutdown()}
     */
    public void initialize() {
        lifecycle.writeLock().lock();
        try {
            if (state == State.OPEN) {
                return;
            }
            if (state == State.CLOSED) {
                throw new IllegalStateException("This PersistenceManager was shut down; create a new one");
            }
            try {
                open();
            } catch (RuntimeException e) {
                closeResources();
                throw e;
            }
            state = State.OPEN;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void open() {
        if (backend.ownsDatabaseFile()) {
            dataDirectory = DataDirectory.lock(config.dataDir());
            withRestoreHint(() -> refuseTruncatedDatabase(dataDirectory.path().resolve(DataDirectory.DATABASE_FILE)));
        }
        ExecutorService startup = Executors.newSingleThreadExecutor(r -> {
            // Created on this thread, so it has the caller's context class loader, which Hibernate looks in too.
            Thread t = new Thread(r, "latzero-startup");
            t.setDaemon(true);
            return t;
        });
        // Hibernate's boots are most of a cold start and need no connection: they run on the startup thread (one after
        // the other: two at once only wait for each other) while this one checks and migrates the durable database.
        HibernateBoot durableBoot = durableBoot(startup);
        HibernateBoot ephemeralBoot = HibernateBoot.start("latzero-ephemeral", List.of(TriggerRecordEntity.class),
                Map.of(), startup);
        try {
            durable = withRestoreHint(() -> openDurable(Database.SqlAction.NONE, durableBoot));
            String ephemeralName = "latzero-triggers-" + UUID.randomUUID();
            ephemeral = Database.open(":memory:" + ephemeralName, SqliteDataSources.memory(ephemeralName, config), true,
                    Database.SqlAction.NONE, Migrations.EPHEMERAL_SQLITE, ephemeralBoot);
        } finally {
            durableBoot.abandon();
            ephemeralBoot.abandon();
            startup.shutdown();
        }
        if (!config.memoryMode()) {
            backups().sweepTemporaries();
        }
        startMaintenance();
        if (walSync != null) {
            walSync.start();
        }
    }

    /** Adds how to restore a backup to a refusal of the database file. */
    private <T> T withRestoreHint(Supplier<T> opening) {
        if (!backend.ownsDatabaseFile()) {
            return opening.get();
        }
        try {
            return opening.get();
        } catch (StorageException e) {
            throw new StorageException(e.getMessage() + restoreHint(), e);
        }
    }

    private void withRestoreHint(Runnable check) {
        withRestoreHint(() -> {
            check.run();
            return null;
        });
    }

    /** The durable unit's Hibernate boot, started on {@code executor} unless it needs a connection. */
    private HibernateBoot durableBoot(Executor executor) {
        List<Class<?>> entities = new ArrayList<>(DURABLE_ENTITIES);
        entities.addAll(config.entityClasses());
        return HibernateBoot.start("latzero-durable", entities, backend == DurableBackend.POSTGRESQL
                ? PostgresDataSources.hibernateProperties(jpaProperties) : jpaProperties, executor);
    }

    /** Opens the durable unit with Hibernate booting on this thread first (a restore, where time matters less). */
    private Database openDurable(Database.SqlAction beforeMigrate) {
        return openDurable(beforeMigrate, durableBoot(Runnable::run));
    }

    /** Opens the durable unit with {@code boot}, which it finishes or abandons. */
    private Database openDurable(Database.SqlAction beforeMigrate, HibernateBoot boot) {
        try {
            ownTriggers = Migrations.durableTriggers();
            if (backend == DurableBackend.POSTGRESQL) {
                DurableDatabase server = config.durableDatabase();
                return Database.open(PostgresDataSources.redact(server.url()), PostgresDataSources.pool(server), false,
                        beforeMigrate, backend.migrations(), boot);
            }
            if (config.memoryMode()) {
                String name = "latzero-durable-" + UUID.randomUUID();
                return Database.open(":memory:", SqliteDataSources.memory(name, config), true, beforeMigrate,
                        Migrations.DURABLE_SQLITE, boot);
            }
            Path file = dataDirectory.databaseFile();
            new DatabaseInspector(ownTriggers, Migrations.durableVersion()).verifyLive(file);
            return Database.open(file.toString(), SqliteDataSources.file(file, config), false, beforeMigrate,
                    Migrations.DURABLE_SQLITE, boot);
        } catch (RuntimeException e) {
            boot.abandon();
            throw e;
        }
    }

    /**
     * A 0-byte {@code latzero.db} is what {@link DataDirectory} creates in a fresh directory (a crash before the first
     * migration commits leaves it so), and SQLite reads it as an empty database. Once backups exist, though, the
     * database had content: an empty file then means it was truncated or replaced, and opening it would silently
     * start over with nothing, so it is refused.
     */
    private void refuseTruncatedDatabase(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == 0 && !backups().list().isEmpty()) {
                throw new StorageException("The database " + file + " is empty (0 bytes) although backups exist in "
                        + backups().directory() + ": it was truncated or replaced. It was left untouched.");
            }
        } catch (IOException e) {
            throw new StorageException("Cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    /** How to get back to the newest good backup when the live database cannot be opened (restoreBackup needs it open). */
    private String restoreHint() {
        try {
            List<Path> list = backups().list();
            if (list.isEmpty()) {
                return " There is no backup in " + backups().directory() + " to restore.";
            }
            return " To restore the newest good backup, stop every process using " + config.dataDir() + ", copy "
                    + list.get(0) + " over " + DataDirectory.DATABASE_FILE + " and delete " + DataDirectory.DATABASE_FILE
                    + "-wal and " + DataDirectory.DATABASE_FILE + "-shm together with it.";
        } catch (RuntimeException e) {
            return " Restore the newest good backup.";
        }
    }

    private void startMaintenance() {
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "latzero-maintenance");
            t.setDaemon(true);
            return t;
        });
        long purge = config.triggerPurgeInterval().toMillis();
        if (purge > 0) {
            maintenance.scheduleWithFixedDelay(() -> background("purge expired trigger records", this::purgeExpiredTriggers),
                    purge, purge, TimeUnit.MILLISECONDS);
        }
        long backup = config.backupInterval().toMillis();
        if (backup > 0 && !config.memoryMode()) {
            maintenance.scheduleWithFixedDelay(() -> background("automatic backup", this::createBackup),
                    backup, backup, TimeUnit.MILLISECONDS);
        }
    }

    private void background(String what, Runnable task) {
        try {
            task.run();
        } catch (IllegalStateException stopped) {
            LOG.log(Level.DEBUG, what + " skipped: " + stopped.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed", e);
        }
    }

    /** Stops background work and closes both databases and the data directory lock. Idempotent. */
    public void shutdown() {
        refuseInsideOperation("shutdown");
        lifecycle.writeLock().lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            closeResources();
            state = State.CLOSED;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    private void closeResources() {
        if (maintenance != null) {
            maintenance.shutdownNow();
            maintenance = null;
        }
        if (walSync != null) {
            // Before the connections close: the last commits' frames are synced whatever SQLite does at its close.
            walSync.close();
        }
        if (ephemeral != null) {
            ephemeral.close();
            ephemeral = null;
        }
        if (durable != null) {
            durable.close();
            durable = null;
        }
        if (dataDirectory != null) {
            dataDirectory.close();
            dataDirectory = null;
        }
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Runs {@code work} in one transaction on the durable unit: every call this thread makes on this manager
     * inside it joins. It commits when {@code work} returns; if it throws, everything is rolled back, no event is
     * fired, and the exception is rethrown (persistence failures as {@link LatZeroPersistenceException}, the
     * caller's own exceptions unchanged).
     *
     * <p>A {@code transaction} call inside another is nested: it runs in a savepoint of the enclosing transaction.
     * If the nested work throws, its changes and events are rolled back to that savepoint and the exception is
     * rethrown; the enclosing work may catch it and carry on, and commits without them. If it returns, its changes
     * commit (or roll back) with the enclosing transaction. Entities of extensions that the enclosing work still
     * holds are detached by such a rollback. One exception: a failure raised by the database itself (a
     * {@link StorageException} or {@link ConflictException} from inside the nested work) marks the whole transaction
     * for rollback, and the enclosing transaction then fails at its end with a {@link StorageException}, storing
     * nothing, even if its work caught the nested failure.
     */
    public <T> T transaction(Supplier<T> work) {
        return transaction(work, true);
    }

    /** As {@link #transaction(Supplier)}, for work without a result. */
    public void transaction(Runnable work) {
        Objects.requireNonNull(work, "work");
        transaction(() -> {
            work.run();
            return null;
        }, true);
    }

    /**
     * As {@link #transaction(Supplier)}; {@code useDurable=false} begins it on the in-memory unit (trigger records)
     * instead. Calls on the other unit join too; the two units commit one after the other, not atomically.
     */
    public <T> T transaction(Supplier<T> work, boolean useDurable) {
        Objects.requireNonNull(work, "work");
        return guarded(() -> tx.inNestedTransaction(useDurable, "transaction", uow -> work.get()));
    }

    /**
     * The durable unit's {@link EntityManager} of the transaction running on this thread, for extensions that
     * read and write their own entities so they commit or roll back with LatZero's. Do not close it.
     *
     * @throws IllegalStateException outside {@link #transaction(Supplier)}
     */
    public EntityManager entityManager() {
        return guarded(() -> {
            if (tx.current() == null) {
                throw new IllegalStateException("entityManager() is only valid inside transaction(...)");
            }
            return tx.current().durable();
        });
    }

    // ---------------------------------------------------------------- apps

    /**
     * Registers an app. {@code triggers}, {@code pools} and {@code metadata} may be null (empty).
     *
     * @throws InvalidInputException  for a blank, over-long or control-character id, a null list element, or
     *                                metadata that is not a storable JSON value (see the class description)
     * @throws AlreadyExistsException if the app is registered already
     */
    public App registerApp(String appId, List<String> triggers, List<String> pools, Map<String, ?> metadata) {
        return guarded(() -> apps.register(appId, triggers, pools, metadata));
    }

    /** The app, if registered. */
    public Optional<App> getApp(String appId) {
        return guarded(() -> apps.get(appId));
    }

    /**
     * Applies {@code update} to an app and stamps {@code lastSeen}.
     *
     * @throws NotFoundException if the app is not registered
     */
    public App updateApp(String appId, AppUpdate update) {
        return guarded(() -> apps.update(appId, update));
    }

    /** Removes an app; false if it was not registered. */
    public boolean removeApp(String appId) {
        return guarded(() -> apps.remove(appId));
    }

    /** Every app, ordered by id. */
    public List<App> getAllApps() {
        return guarded(apps::all);
    }

    /** Apps whose {@code pools} contain {@code pool}, ordered by id (an index lookup). */
    public List<App> getAppsByPool(String pool) {
        return guarded(() -> apps.byPool(pool));
    }

    // ---------------------------------------------------------------- pools

    /**
     * Creates a pool. Of {@code properties}, {@code description}, {@code owners} and {@code policies} are stored
     * in their columns and the rest in {@code config}.
     *
     * @throws InvalidInputException  for a bad name, a null type, or properties of the wrong form or that are not
     *                                a storable JSON value (see the class description)
     * @throws AlreadyExistsException if a pool of that name exists
     */
    public Pool createPool(String name, PoolType type, boolean encrypted, Map<String, ?> properties) {
        return guarded(() -> pools.create(name, type, encrypted, properties));
    }

    /** The pool, if it exists. */
    public Optional<Pool> getPool(String name) {
        return guarded(() -> pools.get(name));
    }

    /**
     * Applies {@code update} to a pool and stamps {@code updated}.
     *
     * @throws NotFoundException if the pool does not exist
     */
    public Pool updatePool(String name, PoolUpdate update) {
        return guarded(() -> pools.update(name, update));
    }

    /** Removes a pool; false if it did not exist. */
    public boolean removePool(String name) {
        return guarded(() -> pools.remove(name));
    }

    /** Every pool, ordered by name. */
    public List<Pool> getAllPools() {
        return guarded(pools::all);
    }

    /** Pools of one type, ordered by name. */
    public List<Pool> getPoolsByType(PoolType type) {
        return guarded(() -> pools.byType(type));
    }

    // ---------------------------------------------------------------- memory blocks

    /**
     * Creates a memory block's metadata at version 1. Of {@code options}, {@code name}, {@code pool},
     * {@code persistent}, {@code encrypted} and {@code permissions} are stored in their columns, the rest in
     * {@code config}.
     *
     * @throws InvalidInputException  for a bad id, a negative size, a null type, or options of the wrong form or
     *                                that are not a storable JSON value (see the class description)
     * @throws AlreadyExistsException if a block with that id exists
     */
    public MemoryBlock createMemoryBlock(String blockId, long size, BlockType type, Map<String, ?> options) {
        return guarded(() -> blocks.create(blockId, size, type, options));
    }

    /** The block, if it exists. */
    public Optional<MemoryBlock> getMemoryBlock(String blockId) {
        return guarded(() -> blocks.get(blockId));
    }

    /**
     * Applies {@code update} to a block and increments its version.
     *
     * @throws NotFoundException if the block does not exist
     * @throws ConflictException if the block changed concurrently
     */
    public MemoryBlock updateMemoryBlock(String blockId, MemoryBlockUpdate update) {
        return guarded(() -> blocks.update(blockId, update));
    }

    /** Removes a block's metadata; false if it did not exist. */
    public boolean removeMemoryBlock(String blockId) {
        return guarded(() -> blocks.remove(blockId));
    }

    /** Every block, ordered by id. For large tables prefer {@link #forEachMemoryBlock(Consumer)}. */
    public List<MemoryBlock> getAllMemoryBlocks() {
        return guarded(blocks::all);
    }

    /** Hands every block to {@code consumer} in id order, streaming rows instead of holding them all. */
    public void forEachMemoryBlock(Consumer<? super MemoryBlock> consumer) {
        guarded(() -> {
            blocks.forEach(consumer);
            return null;
        });
    }

    /** Blocks of one pool, ordered by id (an index lookup). */
    public List<MemoryBlock> getMemoryBlocksByPool(String pool) {
        return guarded(() -> blocks.byPool(pool));
    }

    // ---------------------------------------------------------------- server config

    /**
     * Stores {@code value} (anything Jackson can serialise to JSON) under {@code key}, replacing an older value.
     *
     * @throws InvalidInputException if the value is not a storable JSON value (see the class description)
     */
    public void saveServerConfig(String key, Object value) {
        guarded(() -> {
            serverConfig.save(key, value);
            return null;
        });
    }

    /** The value under {@code key} converted to {@code type}, if present. */
    public <T> Optional<T> loadServerConfig(String key, Class<T> type) {
        return guarded(() -> serverConfig.load(key, type));
    }

    /** The value under {@code key} as decoded JSON (maps, lists, strings, numbers, booleans), if present. */
    public Optional<Object> loadServerConfig(String key) {
        return guarded(() -> serverConfig.load(key));
    }

    /** Removes the value under {@code key}; false if there was none. */
    public boolean removeServerConfig(String key) {
        return guarded(() -> serverConfig.remove(key));
    }

    // ---------------------------------------------------------------- trigger records

    /**
     * Records a trigger in the in-memory unit; it expires {@code ttl} after now. The ttl is stored in whole
     * milliseconds (a remainder below 1 ms is dropped); there is no "never expires": a ttl whose expiry would be
     * past the largest epoch millisecond a long holds (about 292 million years away, e.g.
     * {@code ChronoUnit.FOREVER.getDuration()}) is refused.
     *
     * @throws InvalidInputException  for bad ids, or a ttl that is null, not positive, under 1 ms or too long, as above
     * @throws AlreadyExistsException if a record with that id exists
     */
    public TriggerRecord createTriggerRecord(String id, String originAppId, long originConnectionId, String destination,
                                             String pool, String process, Duration ttl) {
        return guarded(() -> triggers.create(id, originAppId, originConnectionId, destination, pool, process, ttl));
    }

    /** The trigger record, if present (expired records are present until purged). */
    public Optional<TriggerRecord> getTriggerRecord(String id) {
        return guarded(() -> triggers.get(id));
    }

    /**
     * Records where the trigger was dispatched.
     *
     * @throws NotFoundException if there is no such record
     */
    public TriggerRecord markTriggerDispatched(String id, String dispatchedTo) {
        return guarded(() -> triggers.markDispatched(id, dispatchedTo));
    }

    /**
     * Marks the trigger completed.
     *
     * @throws NotFoundException if there is no such record
     */
    public TriggerRecord completeTrigger(String id) {
        return guarded(() -> triggers.complete(id));
    }

    /** Records for {@code destination} neither completed nor expired, oldest first (dispatched or not). */
    public List<TriggerRecord> getPendingTriggers(String destination) {
        return guarded(() -> triggers.pending(destination));
    }

    /** Removes a trigger record; false if there was none. */
    public boolean removeTriggerRecord(String id) {
        return guarded(() -> triggers.remove(id));
    }

    /** Deletes expired trigger records now (it also happens every {@code triggerPurgeInterval}); returns how many. */
    public int purgeExpiredTriggers() {
        return guarded(triggers::purgeExpired);
    }

    // ---------------------------------------------------------------- backups

    /**
     * Takes a consistent snapshot of the durable database while writers keep going, verifies it, and stores it as
     * {@code <dataDir>/backups/latzero-<UTC timestamp>.db} with a SHA-256 file; prunes beyond {@code maxBackups};
     * fires {@link BackupCreated}. Works in memory mode too (the only time memory mode writes to disk).
     *
     * @throws IllegalStateException inside a transaction
     * @throws StorageException      if the backup cannot be written or verified; no partial file is left
     */
    public Path createBackup() {
        refuseInsideOperation("createBackup");
        Path path = guarded(this::writeBackup);
        LOG.log(Level.INFO, "Backup created at " + path);
        events.publish(new BackupCreated(path));
        return path;
    }

    /**
     * Checkpoints the WAL into the database and truncates it to zero bytes. SQLite's automatic checkpoints copy pages
     * back but leave old page images in the {@code -wal} file until they happen to be overwritten; with
     * {@code secure_delete} this is what makes an overwritten or removed value (a rotated secret) leave no copy on
     * disk. Runs after every backup (so daily by default) with in-process writers held off; if an open read keeps
     * the checkpoint from finishing, SQLite returns early and the next backup tries again.
     */
    private void truncateWal() {
        if (config.memoryMode() || !config.walMode()) {
            return;
        }
        tx.exclusively(() -> {
            try (Connection c = durable.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (rs.next() && rs.getInt(1) != 0) {
                    LOG.log(Level.DEBUG, "WAL checkpoint of " + durable.location() + " stopped early: a reader was active");
                }
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "Checkpointing the WAL of " + durable.location() + " failed", e);
            }
            return null;
        });
    }

    private Path writeBackup() {
        if (backend.isSqlite()) {
            Path created = backups().create(this::snapshotInto, inspector());
            truncateWal();
            return created;
        }
        return backups().create(file -> exporter().export(file, TransferProgress.NONE), file -> importer().verify(file));
    }

    /** Backups in the backups directory, newest first. */
    public List<Path> listBackups() {
        return guarded(() -> Files.isDirectory(config.dataDir().resolve("backups")) ? backups().list() : List.<Path>of());
    }

    /**
     * Replaces the durable database with a backup. The file must be in the backups directory, match its checksum,
     * pass {@code integrity_check} and hold a LatZero schema no newer than this library's; otherwise it is refused
     * and nothing changes. The current database is first saved as a backup; the swap is atomic.
     *
     * @throws InvalidInputException for a path outside the backups directory, a symbolic link or an odd name
     * @throws StorageException      if the backup is damaged, foreign or altered (nothing changed), or the swap
     *                               fails (the manager is then shut down; the replaced database was saved first)
     * @throws IllegalStateException inside a transaction or a listener
     */
    public void restoreBackup(Path backup) {
        refuseInsideOperation("restoreBackup");
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            Path source = backups().resolveForRestore(backup);
            if (!backend.isSqlite()) {
                restoreExport(source);
                return;
            }
            inspector().verify(source);
            // Work on a private copy: the safety backup below may prune the source (it may be the oldest kept).
            Path staged = stage(source);
            try {
                Path safety = writeBackup();
                LOG.log(Level.INFO, "Saved the current database as " + safety + " before restoring " + source);
                durable.close();
                durable = null;
                try {
                    durable = config.memoryMode() ? openDurable(c -> seed(c, staged)) : swapInFile(staged);
                } catch (RuntimeException e) {
                    closeResources();
                    state = State.CLOSED;
                    throw new StorageException("Restoring " + source + " failed and this manager was shut down;"
                            + " the database before it was saved as " + safety + ": " + e.getMessage(), e);
                }
            } finally {
                deleteQuietly(staged);
            }
        } finally {
            if (appCache != null) {
                appCache.clear();
            }
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Restore on a server database (lifecycle write lock held): verify the export, save the current state as an
     * export, then replace every durable record with the backup's in one transaction.
     */
    private void restoreExport(Path source) {
        importer().verify(source);
        Path staged = stage(source);
        try {
            Path safety = writeBackup();
            LOG.log(Level.INFO, "Saved the current database as " + safety + " before restoring " + source);
            tx.exclusively(() -> importer().importFrom(staged, true, TransferProgress.NONE));
        } finally {
            deleteQuietly(staged);
        }
    }

    /**
     * A fsynced 0600 copy of {@code source} in the backups directory: on the data directory's file system, so the
     * rename is atomic, and where start-up sweeps {@code .tmp-*} left by a restore that was killed.
     */
    private Path stage(Path source) {
        Path staged = backups().directory().resolve(".tmp-restore-" + UUID.randomUUID() + ".db");
        try {
            // Into the file created 0600, not Files.copy: that recreates the target with the source's mode.
            FileSafety.ownerOnlyFile(staged);
            try (InputStream in = Files.newInputStream(source);
                 OutputStream out = Files.newOutputStream(staged, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            FileSafety.fsync(staged);
            return staged;
        } catch (IOException e) {
            deleteQuietly(staged);
            throw new StorageException("Cannot copy " + source + " for restoring: " + e.getMessage(), e);
        }
    }

    private Database swapInFile(Path staged) {
        Path db = dataDirectory.path().resolve(DataDirectory.DATABASE_FILE);
        try {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + "-wal"));
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + "-shm"));
            Files.move(staged, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileSafety.fsyncDirectory(dataDirectory.path());
        } catch (IOException e) {
            throw new StorageException("Cannot swap in " + staged + ": " + e.getMessage(), e);
        }
        return openDurable(Database.SqlAction.NONE);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover .tmp file is harmless and swept at the next start.
        }
    }

    private static void seed(Connection connection, Path source) throws SQLException {
        connection.unwrap(SQLiteConnection.class).getDatabase().restore("main", source.toString(), null);
    }

    /**
     * Writes a consistent snapshot of the durable database to {@code target}. A file database uses
     * {@code VACUUM INTO} on a read transaction, so writers keep going. An in-memory one uses the backup API:
     * {@code VACUUM INTO} would write through the memdb VFS and leave nothing on disk.
     */
    private void snapshotInto(Path target) {
        try (Connection c = durable.dataSource().getConnection()) {
            if (config.memoryMode()) {
                c.unwrap(SQLiteConnection.class).getDatabase().backup("main", target.toAbsolutePath().toString(), null);
                return;
            }
            try (PreparedStatement s = c.prepareStatement("VACUUM INTO ?")) {
                s.setString(1, target.toAbsolutePath().toString());
                s.execute();
            }
        } catch (SQLException e) {
            throw Errors.translate("createBackup", new StorageException("Snapshot into " + target + " failed: " + e.getMessage(), e));
        }
    }

    private BackupStore backups() {
        if (backups == null) {
            backups = new BackupStore(FileSafety.ownerOnlyDirectory(config.dataDir().resolve("backups")), config.maxBackups(),
                    backend.isSqlite() ? BackupStore.DATABASE_COPY : BackupStore.NDJSON_EXPORT);
        }
        return backups;
    }

    private NdjsonExporter exporter() {
        return new NdjsonExporter(durable.dataSource(), backend, durable.schemaVersion());
    }

    private NdjsonImporter importer() {
        return new NdjsonImporter(durable.dataSource(), Integer.parseInt(durable.schemaVersion().split("\\.")[0]));
    }

    private DatabaseInspector inspector() {
        return new DatabaseInspector(ownTriggers, Integer.parseInt(durable.schemaVersion().split("\\.")[0]));
    }

    // ---------------------------------------------------------------- portable export and import

    /**
     * Writes every durable record (apps, pools, memory blocks, server config; not trigger records or extension
     * tables) to {@code target} as versioned NDJSON, from one consistent snapshot, streamed in constant memory. The
     * file is written beside {@code target} (0600), synced, and renamed into place when complete.
     *
     * @throws InvalidInputException if {@code target} is null or a directory
     * @throws StorageException      if reading or writing fails; {@code target} is then left as it was
     * @throws IllegalStateException inside a transaction
     */
    public TransferSummary exportTo(Path target) {
        return exportTo(target, TransferProgress.NONE);
    }

    /** As {@link #exportTo(Path)}, telling {@code progress} how far it has got. */
    public TransferSummary exportTo(Path target, TransferProgress progress) {
        refuseInsideOperation("exportTo");
        Path file = transferTarget(target);
        Objects.requireNonNull(progress, "progress");
        return guarded(() -> FileSafety.writeAtomically(file, tmp -> backend.isSqlite()
                ? tx.exclusively(() -> exporter().export(tmp, progress))
                : exporter().export(tmp, progress)));
    }

    /**
     * Reads an export written by {@link #exportTo(Path)} (from either backend) into this store, which must be empty.
     * Every record is validated; the import is one transaction, so on any problem nothing is written. Imported
     * records fire no events.
     *
     * @throws InvalidInputException naming the line, if the file is not a valid export (or a newer one); naming
     *                               {@code store} if the store already holds durable records
     * @throws IllegalStateException inside a transaction
     * @throws StorageException      if the database fails
     */
    public TransferSummary importFrom(Path source) {
        return importFrom(source, TransferProgress.NONE);
    }

    /** As {@link #importFrom(Path)}, telling {@code progress} how far it has got. */
    public TransferSummary importFrom(Path source, TransferProgress progress) {
        refuseInsideOperation("importFrom");
        if (source == null || !Files.isRegularFile(source)) {
            throw new InvalidInputException("source", source + " is not a readable file");
        }
        Objects.requireNonNull(progress, "progress");
        return guarded(() -> tx.exclusively(() -> {
            TransferSummary summary = importer().importFrom(source, false, progress);
            if (walSync != null) {
                walSync.committed();
            }
            // Imported records fire no events: forget what was cached of the empty store (absences included).
            if (appCache != null) {
                appCache.clear();
            }
            return summary;
        }));
    }

    private static Path transferTarget(Path target) {
        if (target == null || Files.isDirectory(target)) {
            throw new InvalidInputException("target", target + " is not a file path");
        }
        return target.toAbsolutePath().normalize();
    }

    // ---------------------------------------------------------------- events and stats

    /**
     * Calls {@code listener} with every event of {@code type} (e.g. {@code AppRegistered.class}, or
     * {@code PersistenceEvent.class} for all) after its transaction commits, in commit order, on the committing
     * thread. A listener that throws is logged and skipped.
     */
    public <E> Subscription on(Class<E> type, Consumer<? super E> listener) {
        return events.subscribe(type, listener);
    }

    /** A snapshot of versions, locations, activity, row counts and the durability settings in force. */
    public PersistenceStats getStats() {
        return guarded(() -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("app_registry", apps.count());
            counts.put("pool_metadata", pools.count());
            counts.put("memory_blocks", blocks.count());
            counts.put("server_config", serverConfig.count());
            counts.put("trigger_records", triggers.count());
            WalSyncer.Status sync = walSync == null ? new WalSyncer.Status(null, 0, 0, null) : walSync.status();
            return new PersistenceStats(durable.schemaVersion(), config.dataDir().toString(), durable.location(),
                    ephemeral.location(), tx.activeTransactions(),
                    durable.preparedStatements() + ephemeral.preparedStatements(), counts, backend.backupFormat(),
                    backend == DurableBackend.SQLITE_FILE ? config.synchronous().name() : null, sync.window(),
                    sync.syncs(), sync.failures(), sync.lastFailure());
        });
    }

    // ---------------------------------------------------------------- guards

    private <T> T guarded(Supplier<T> call) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return call.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException(state == State.NEW
                    ? "PersistenceManager is not initialized; call initialize() first"
                    : "PersistenceManager was shut down");
        }
    }

    private void refuseInsideOperation(String what) {
        if (tx.current() != null || lifecycle.getReadHoldCount() > 0) {
            throw new IllegalStateException(what + "() cannot be called inside a transaction or an event listener");
        }
    }
}
