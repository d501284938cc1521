package io.latzero.persistence;

import io.latzero.persistence.config.internal.MicroProfileConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of a {@link PersistenceManager}. Build one with {@link #builder()} or read one from
 * MicroProfile Config with {@link #fromConfig()}; every setting has the default the specification gives.
 *
 * @param dataDir              directory holding {@code latzero.db}, its lock file and {@code backups/}; default {@code ~/.latzero}
 * @param memoryMode           keep the durable tables in memory too; nothing reaches disk unless {@code createBackup()} is called
 * @param walMode              use SQLite's write-ahead log (readers never block the writer); default true
 * @param cacheSize            SQLite page cache size ({@code PRAGMA cache_size}); positive = pages, negative = KiB; default 1000
 * @param backupInterval       period of automatic backups; {@link Duration#ZERO} turns them off; default 24 h
 * @param maxBackups           how many backups to keep (oldest pruned first); default 7
 * @param synchronous          commit durability; default {@link Synchronous#FULL}
 * @param durabilityWindow     at {@link Synchronous#NORMAL} in WAL mode, the longest a returned commit stays off
 *                             stable storage: a background thread syncs the WAL within this time after a commit, so
 *                             a power loss or OS crash loses at most this much acknowledged work; default 200 ms;
 *                             {@link Duration#ZERO} turns it off (then until the next checkpoint, unbounded in time);
 *                             otherwise at least 10 ms. Not in force, and ignored, at {@code FULL}, without WAL, in
 *                             memory mode and on PostgreSQL
 * @param busyTimeout          how long a write waits for a lock held by another process before failing; default 5 s
 * @param triggerPurgeInterval period of the background purge of expired trigger records; default 60 s
 * @param entityClasses        extra JPA entity classes of extensions, managed by the durable persistence unit
 * @param durableDatabase      a PostgreSQL server holding the durable unit instead of {@code latzero.db}; null (the
 *                             default) keeps it in SQLite. With a server, {@code dataDir} holds only {@code backups/}
 * @param changeLogRetention   how long the change feed keeps a change; older ones are compacted in the background;
 *                             default 7 days
 * @param changeLogMaxChanges  the most changes the change feed keeps (older ones are compacted first); default 1,000,000
 * @param changeLogOrigin      the name this manager stamps on its changes in the change feed (letters, digits and
 *                             {@code . _ : @ / -}, at most 100); null (the default) makes one up per manager:
 *                             {@code <host>/<pid>/<random>}
 */
public record PersistenceConfig(
        Path dataDir,
        boolean memoryMode,
        boolean walMode,
        int cacheSize,
        Duration backupInterval,
        int maxBackups,
        Synchronous synchronous,
        Duration durabilityWindow,
        Duration busyTimeout,
        Duration triggerPurgeInterval,
        List<Class<?>> entityClasses,
        DurableDatabase durableDatabase,
        Duration changeLogRetention,
        long changeLogMaxChanges,
        String changeLogOrigin) {

    /** Checks every setting; an impossible value is refused with an {@link InvalidInputException} naming it. */
    public PersistenceConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(synchronous, "synchronous");
        requireNonNegative(backupInterval, "backupInterval");
        requireNonNegative(triggerPurgeInterval, "triggerPurgeInterval");
        requireNonNegative(busyTimeout, "busyTimeout");
        requireNonNegative(durabilityWindow, "durabilityWindow");
        if (!durabilityWindow.isZero() && durabilityWindow.compareTo(MIN_DURABILITY_WINDOW) < 0) {
            throw new InvalidInputException("durabilityWindow", "must be 0 (off) or at least "
                    + MIN_DURABILITY_WINDOW.toMillis() + " ms, was " + durabilityWindow);
        }
        if (maxBackups < 1) {
            throw new InvalidInputException("maxBackups", "must be at least 1, was " + maxBackups);
        }
        if (cacheSize == 0) {
            throw new InvalidInputException("cacheSize", "must not be 0 (pages if positive, KiB if negative)");
        }
        if (memoryMode && durableDatabase != null) {
            throw new InvalidInputException("memoryMode", "cannot be combined with a durable database server ("
                    + durableDatabase.url() + ")");
        }
        requireNonNegative(changeLogRetention, "changeLog.retention");
        if (changeLogRetention.isZero()) {
            throw new InvalidInputException("changeLog.retention", "must be positive, was " + changeLogRetention);
        }
        if (changeLogMaxChanges < 1) {
            throw new InvalidInputException("changeLog.maxChanges", "must be at least 1, was " + changeLogMaxChanges);
        }
        if (changeLogOrigin != null && !ORIGIN.matcher(changeLogOrigin).matches()) {
            throw new InvalidInputException("changeLog.origin", "must be 1 to 100 letters, digits or . _ : @ / -,"
                    + " was '" + changeLogOrigin + "'");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        entityClasses = List.copyOf(entityClasses);
    }

    /** The settings before the change feed's, with its defaults. */
    public PersistenceConfig(Path dataDir, boolean memoryMode, boolean walMode, int cacheSize, Duration backupInterval,
                             int maxBackups, Synchronous synchronous, Duration durabilityWindow, Duration busyTimeout,
                             Duration triggerPurgeInterval, List<Class<?>> entityClasses,
                             DurableDatabase durableDatabase) {
        this(dataDir, memoryMode, walMode, cacheSize, backupInterval, maxBackups, synchronous, durabilityWindow,
                busyTimeout, triggerPurgeInterval, entityClasses, durableDatabase, DEFAULT_CHANGE_LOG_RETENTION,
                DEFAULT_CHANGE_LOG_MAX_CHANGES, null);
    }

    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile("[A-Za-z0-9._:@/-]{1,100}");
    private static final Duration DEFAULT_CHANGE_LOG_RETENTION = Duration.ofDays(7);
    private static final long DEFAULT_CHANGE_LOG_MAX_CHANGES = 1_000_000;

    /** The shortest durability window other than 0 (off): the WAL is synced every half window at most. */
    private static final Duration MIN_DURABILITY_WINDOW = Duration.ofMillis(10);

    /** The default data directory, {@code ~/.latzero}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".latzero");
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings with every default. */
    public static PersistenceConfig defaults() {
        return builder().build();
    }

    /**
     * Reads {@code latzero.persistence.*} through the MicroProfile Config API: system properties, environment
     * variables ({@code LATZERO_PERSISTENCE_DATA_DIR}), {@code META-INF/microprofile-config.properties}, and
     * whatever else the runtime's implementation provides. Keys not set keep their defaults.
     *
     * @throws InvalidInputException if a key holds a value of the wrong form, naming the key
     */
    public static PersistenceConfig fromConfig() {
        return MicroProfileConfigReader.read();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .dataDir(dataDir).memoryMode(memoryMode).walMode(walMode).cacheSize(cacheSize)
                .backupInterval(backupInterval).maxBackups(maxBackups).synchronous(synchronous)
                .durabilityWindow(durabilityWindow).busyTimeout(busyTimeout).triggerPurgeInterval(triggerPurgeInterval)
                .entityClasses(entityClasses).durableDatabase(durableDatabase).changeLogRetention(changeLogRetention)
                .changeLogMaxChanges(changeLogMaxChanges).changeLogOrigin(changeLogOrigin);
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new InvalidInputException(name, "must not be negative, was " + value);
        }
    }

    /** Mutable builder of {@link PersistenceConfig}; starts with the defaults. */
    public static final class Builder {
        private Path dataDir = defaultDataDir();
        private boolean memoryMode;
        private boolean walMode = true;
        private int cacheSize = 1000;
        private Duration backupInterval = Duration.ofHours(24);
        private int maxBackups = 7;
        private Synchronous synchronous = Synchronous.FULL;
        private Duration durabilityWindow = Duration.ofMillis(200);
        private Duration busyTimeout = Duration.ofSeconds(5);
        private Duration triggerPurgeInterval = Duration.ofSeconds(60);
        private List<Class<?>> entityClasses = List.of();
        private String durableUrl;
        private String durableUser;
        private String durablePassword;
        private int durablePoolSize = DurableDatabase.DEFAULT_POOL_SIZE;
        private Duration changeLogRetention = DEFAULT_CHANGE_LOG_RETENTION;
        private long changeLogMaxChanges = DEFAULT_CHANGE_LOG_MAX_CHANGES;
        private String changeLogOrigin;

        private Builder() {
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder memoryMode(boolean memoryMode) {
            this.memoryMode = memoryMode;
            return this;
        }

        public Builder walMode(boolean walMode) {
            this.walMode = walMode;
            return this;
        }

        public Builder cacheSize(int cacheSize) {
            this.cacheSize = cacheSize;
            return this;
        }

        public Builder backupInterval(Duration backupInterval) {
            this.backupInterval = backupInterval;
            return this;
        }

        public Builder maxBackups(int maxBackups) {
            this.maxBackups = maxBackups;
            return this;
        }

        public Builder synchronous(Synchronous synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        /** At {@code NORMAL} in WAL mode, how long a returned commit may stay off stable storage; 0 = off. */
        public Builder durabilityWindow(Duration durabilityWindow) {
            this.durabilityWindow = durabilityWindow;
            return this;
        }

        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
            return this;
        }

        public Builder triggerPurgeInterval(Duration triggerPurgeInterval) {
            this.triggerPurgeInterval = triggerPurgeInterval;
            return this;
        }

        /** Extension entity classes added to the durable persistence unit; their tables are the extension's. */
        public Builder entityClasses(List<Class<?>> entityClasses) {
            this.entityClasses = List.copyOf(entityClasses);
            return this;
        }

        /** A PostgreSQL JDBC URL: the durable unit lives on that server instead of in SQLite. Null = SQLite. */
        public Builder durableUrl(String durableUrl) {
            this.durableUrl = durableUrl;
            return this;
        }

        /** User for {@link #durableUrl(String)}. */
        public Builder durableUser(String durableUser) {
            this.durableUser = durableUser;
            return this;
        }

        /** Password for {@link #durableUrl(String)}. */
        public Builder durablePassword(String durablePassword) {
            this.durablePassword = durablePassword;
            return this;
        }

        /** Connection pool size for {@link #durableUrl(String)}; default 10. */
        public Builder durablePoolSize(int durablePoolSize) {
            this.durablePoolSize = durablePoolSize;
            return this;
        }

        /** All server settings at once; null keeps the durable unit in SQLite. */
        public Builder durableDatabase(DurableDatabase database) {
            this.durableUrl = database == null ? null : database.url();
            this.durableUser = database == null ? null : database.user();
            this.durablePassword = database == null ? null : database.password();
            this.durablePoolSize = database == null ? DurableDatabase.DEFAULT_POOL_SIZE : database.poolSize();
            return this;
        }

        /** How long the change feed keeps a change; default 7 days. */
        public Builder changeLogRetention(Duration changeLogRetention) {
            this.changeLogRetention = changeLogRetention;
            return this;
        }

        /** The most changes the change feed keeps; default 1,000,000. */
        public Builder changeLogMaxChanges(long changeLogMaxChanges) {
            this.changeLogMaxChanges = changeLogMaxChanges;
            return this;
        }

        /** The name this manager stamps on its changes in the change feed; null makes one up. */
        public Builder changeLogOrigin(String changeLogOrigin) {
            this.changeLogOrigin = changeLogOrigin;
            return this;
        }

        private static void refuseWithoutUrl(String field, boolean set) {
            if (set) {
                throw new InvalidInputException(field, "is set but durable.url is not; set both or neither");
            }
        }

        public PersistenceConfig build() {
            DurableDatabase server = durableUrl == null || durableUrl.isBlank() ? null
                    : new DurableDatabase(durableUrl.trim(), durableUser, durablePassword, durablePoolSize);
            if (server == null) {
                refuseWithoutUrl("durable.user", durableUser != null);
                refuseWithoutUrl("durable.password", durablePassword != null);
                refuseWithoutUrl("durable.pool-size", durablePoolSize != DurableDatabase.DEFAULT_POOL_SIZE);
            }
            return new PersistenceConfig(dataDir, memoryMode, walMode, cacheSize, backupInterval, maxBackups,
                    synchronous, durabilityWindow, busyTimeout, triggerPurgeInterval, entityClasses, server,
                    changeLogRetention, changeLogMaxChanges, changeLogOrigin);
        }
    }
}
