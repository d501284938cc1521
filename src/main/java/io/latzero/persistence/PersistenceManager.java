package io.latzero.persistence;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.app.internal.AppEntity;
import io.latzero.persistence.app.internal.AppPoolMember;
import io.latzero.persistence.app.internal.Apps;
import io.latzero.persistence.backup.internal.BackupService;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.block.internal.MemoryBlockEntity;
import io.latzero.persistence.block.internal.MemoryBlockRepository;
import io.latzero.persistence.change.ChangeFeed;
import io.latzero.persistence.change.internal.ChangeFeedService;
import io.latzero.persistence.change.internal.ChangeLog;
import io.latzero.persistence.config.internal.ServerConfigEntity;
import io.latzero.persistence.config.internal.ServerConfigRepository;
import io.latzero.persistence.event.BackupCreated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.Subscription;
import io.latzero.persistence.event.internal.EventBus;
import io.latzero.persistence.internal.Maintenance;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.internal.store.DurableStore;
import io.latzero.persistence.internal.store.Stores;
import io.latzero.persistence.internal.store.sqlite.WalSyncer;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.pool.internal.PoolRepository;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import io.latzero.persistence.transfer.internal.TransferService;
import io.latzero.persistence.trigger.TriggerRecord;
import io.latzero.persistence.trigger.internal.TriggerRecordEntity;
import io.latzero.persistence.trigger.internal.TriggerRecordRepository;
import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
    private static final List<Class<?>> DURABLE_ENTITIES =
            List.of(AppEntity.class, AppPoolMember.class, io.latzero.persistence.pool.internal.PoolEntity.class,
                    MemoryBlockEntity.class, ServerConfigEntity.class);

    private enum State { NEW, OPEN, CLOSED }

    private final PersistenceConfig config;
    private final EventBus events;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Stores stores;
    private final DurableStore store;
    private final TransactionRunner tx;
    private final BackupService backups;
    private final TransferService transfers;
    private final Apps apps;
    private final PoolRepository pools;
    private final MemoryBlockRepository blocks;
    private final ServerConfigRepository serverConfig;
    private final TriggerRecordRepository triggers;
    private final ChangeLog changeLog;
    private final ChangeFeedService feed;

    private State state = State.NEW;
    private Maintenance maintenance;

    /**
     * A manager with the given settings; nothing is opened until {@link #initialize()}, but Hibernate starts booting
     * in the background at once (a manager that is closed, or dropped, without being initialized discards it).
     */
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
        // First: Hibernate's boot starts here, and the rest runs beside it.
        this.stores = new Stores(config, DURABLE_ENTITIES, List.of(TriggerRecordEntity.class), jpaProperties, walSyncOf);
        this.events = new EventBus();
        String origin = stores.config().changeLogOrigin();
        this.store = stores.durable();
        this.changeLog = new ChangeLog(store.changeLogDialect(),
                () -> store.database() == null ? null : store.database().dataSource(), origin);
        this.feed = new ChangeFeedService(changeLog, () -> store.database() != null, config.changeLogMaxChanges(),
                config.changeLogRetention());
        this.tx = new TransactionRunner(store.unit(), stores.ephemeral().unit(), store.commitStrategy(), events);
        this.backups = new BackupService(config, store, tx);
        this.apps = Apps.of(tx, store.ownedByThisProcess(),
                step -> maintenance.untilDone("fill the app cache", () -> guarded(step::getAsBoolean)));
        // Imported records fire no events: forget what was held of the empty store (absences included).
        this.transfers = new TransferService(store, tx, apps::forget);
        // The store first (the commit's WAL frames are written), whatever the apps then hold.
        Consumer<List<PersistenceEvent>> storeCommitted = committed -> store.committed();
        tx.onDurableCommit(storeCommitted.andThen(apps::committed).andThen(committed -> feed.wake()));
        tx.onChangeStamp(changeLog);
        this.pools = new PoolRepository(tx);
        this.blocks = new MemoryBlockRepository(tx);
        this.serverConfig = new ServerConfigRepository(tx);
        this.triggers = new TriggerRecordRepository(tx);
        // What the first read of a JSON column would load, done by initialize()'s thread while it waits for the boot.
        stores.whileBooting(List.of(Json::warmUpReading));
    }

    /** A manager with every default setting ({@code ~/.latzero}). */
    public PersistenceManager() {
        this(PersistenceConfig.defaults());
    }

    /** The settings this manager was created with. */
    public PersistenceConfig config() {
        return config;
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
        stores.open(backups::backups);
        startMaintenance();
        store.start();
    }

    private void startMaintenance() {
        maintenance = new Maintenance()
                .every(config.triggerPurgeInterval(), "purge expired trigger records", this::purgeExpiredTriggers)
                .every(store.automaticBackupInterval(), "automatic backup", this::createBackup)
                .every(ChangeFeedService.COMPACTION_INTERVAL, "compact the change log", feed::compact);
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
        feed.close();
        if (maintenance != null) {
            maintenance.close();
            maintenance = null;
        }
        stores.close();
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
        // Before the unit's first use there is nothing to purge, and nothing to open for it.
        return guarded(() -> stores.ephemeral().isOpen() ? triggers.purgeExpired() : 0);
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
        Path path = guarded(backups::create);
        // No static logger: the JDK's logger lookup would run before Hibernate starts booting in the constructor.
        System.getLogger(PersistenceManager.class.getName()).log(Level.INFO, "Backup created at " + path);
        events.publish(new BackupCreated(path));
        return path;
    }

    /** Backups in the backups directory, newest first. */
    public List<Path> listBackups() {
        return guarded(backups::list);
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
            try {
                long carried = changeLog.currentRevision();
                backups.restore(backup);
                changeLog.startNewHorizon(carried);
                feed.wake();
            } catch (RuntimeException e) {
                if (store.database() == null) {
                    closeResources();
                    state = State.CLOSED;
                }
                throw e;
            } finally {
                apps.forget();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
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
        Path file = TransferService.exportTarget(target, progress);
        return guarded(() -> transfers.export(file, progress));
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
        TransferService.checkImportSource(source, progress);
        return guarded(() -> transfers.importFrom(source, progress));
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

    /**
     * The change feed: every committed change of durable state, by this manager and every other writer of its
     * database, with its revision; to resume after a restart, or to hear other servers' changes.
     */
    public ChangeFeed changes() {
        return feed;
    }

    /** A snapshot of versions, locations, activity, row counts and the durability settings in force. */
    public PersistenceStats getStats() {
        return guarded(() -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("app_registry", apps.count());
            counts.put("pool_metadata", pools.count());
            counts.put("memory_blocks", blocks.count());
            counts.put("server_config", serverConfig.count());
            // Records are written only through the unit: before it opens there are none, and nothing to boot for it.
            counts.put("trigger_records", stores.ephemeral().isOpen() ? triggers.count() : 0L);
            return stores.stats(counts, tx.activeTransactions(), tx.read("getStats", changeLog::currentRevision));
        });
    }

    // ---------------------------------------------------------------- guards

    /** Whether the trigger records unit has been opened (it opens on first use); for tests. */
    boolean triggerUnitOpen() {
        return stores.ephemeral().isOpen();
    }

    /** Apps held in memory by the cache of committed apps; for tests. */
    long appsHeldInMemory() {
        return apps.held();
    }

    /** Transactions ended on the trigger records unit so far (Hibernate's statistics), once it is open; for tests. */
    long triggerUnitTransactions() {
        return stores.ephemeral().database().sessionFactory().getStatistics().getTransactionCount();
    }

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
