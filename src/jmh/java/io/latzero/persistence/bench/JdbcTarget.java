package io.latzero.persistence.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.app.App;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.trigger.TriggerRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The plain-JDBC baseline: one sqlite-jdbc connection per thread with the library's pragmas, prepared statements
 * prepared once and reused, explicit {@code BEGIN IMMEDIATE}/{@code COMMIT}, and the library's JSON decoding into
 * the same records. No validation, no ORM, no events: what hand-written code on the same database costs.
 */
final class JdbcTarget implements Target {
    private static final String APP_COLUMNS = "app_id, pools, triggers, meta, protocol_version, registered, last_seen, rehydrated";
    private static final String BLOCK_COLUMNS = "block_id, name, pool, size, type, permissions, version, created, updated,"
            + " persistent, encrypted, config";
    private static final String TRIGGER_COLUMNS = "id, origin_app_id, origin_connection_id, destination, pool, process,"
            + " created, ttl, dispatched_to, completed, updated";

    private final Path dir;
    private final Synchronous synchronous;
    private final String memoryName;
    private final Connection db;
    private final Connection memory;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement insertApp;
    private final PreparedStatement selectApp;
    private final PreparedStatement updateAppMeta;
    private final PreparedStatement appsByPool;
    private final PreparedStatement insertBlock;
    private final PreparedStatement blocksByPool;
    private final PreparedStatement memoryBegin;
    private final PreparedStatement memoryCommit;
    private final PreparedStatement insertTrigger;
    private final PreparedStatement dispatchTrigger;
    private final PreparedStatement completeTrigger;
    private final PreparedStatement purgeTriggers;

    private JdbcTarget(Path dir, Synchronous synchronous, String memoryName) throws SQLException {
        this.dir = dir;
        this.synchronous = synchronous;
        this.memoryName = memoryName;
        this.db = connect("jdbc:sqlite:" + dir.resolve("latzero.db").toAbsolutePath(), synchronous, true);
        this.memory = connect("jdbc:sqlite:file:/" + memoryName + "?vfs=memdb", synchronous, false);
        createTriggerTable(memory);
        begin = db.prepareStatement("BEGIN IMMEDIATE");
        commit = db.prepareStatement("COMMIT");
        insertApp = db.prepareStatement("INSERT INTO app_registry (" + APP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        selectApp = db.prepareStatement("SELECT " + APP_COLUMNS + " FROM app_registry WHERE app_id = ?");
        updateAppMeta = db.prepareStatement("UPDATE app_registry SET meta = ?, last_seen = ? WHERE app_id = ?");
        appsByPool = db.prepareStatement("SELECT a.app_id, a.pools, a.triggers, a.meta, a.protocol_version, a.registered,"
                + " a.last_seen, a.rehydrated FROM app_pool_members m JOIN app_registry a ON a.app_id = m.app_id"
                + " WHERE m.pool = ? ORDER BY a.app_id");
        insertBlock = db.prepareStatement("INSERT INTO memory_blocks (" + BLOCK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        blocksByPool = db.prepareStatement("SELECT " + BLOCK_COLUMNS + " FROM memory_blocks WHERE pool = ? ORDER BY block_id");
        memoryBegin = memory.prepareStatement("BEGIN IMMEDIATE");
        memoryCommit = memory.prepareStatement("COMMIT");
        insertTrigger = memory.prepareStatement("INSERT INTO trigger_records (" + TRIGGER_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)");
        dispatchTrigger = memory.prepareStatement("UPDATE trigger_records SET dispatched_to = ?, updated = ? WHERE id = ?"
                + " RETURNING " + TRIGGER_COLUMNS);
        completeTrigger = memory.prepareStatement("UPDATE trigger_records SET completed = 1, updated = ? WHERE id = ?"
                + " RETURNING " + TRIGGER_COLUMNS);
        purgeTriggers = memory.prepareStatement("DELETE FROM trigger_records WHERE created + ttl <= ?");
    }

    /** A baseline on the database in {@code dir} (schema already created by the library). */
    static JdbcTarget open(Path dir, Synchronous synchronous) {
        try {
            return new JdbcTarget(dir, synchronous, "bench-triggers-" + UUID.randomUUID());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection with the pragmas of the library's {@code SqliteDataSources}. */
    static Connection connect(String url, Synchronous synchronous, boolean file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        if (file) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(synchronous == Synchronous.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        }
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        config.setCacheSize(1000);
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, "0");
        // Not setPragma(JDBC_GET_GENERATED_KEYS): toProperties() overwrites that with this setting (default true),
        // and every INSERT then ran an extra "SELECT last_insert_rowid()".
        config.setGetGeneratedKeys(false);
        config.enableLoadExtension(false);
        Connection connection = config.createConnection(url);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA trusted_schema=OFF");
            s.execute("PRAGMA cell_size_check=ON");
        }
        return connection;
    }

    private static void createTriggerTable(Connection memory) throws SQLException {
        try (InputStream in = JdbcTarget.class.getResourceAsStream("/db/ephemeral/sqlite/V1__trigger_records.sql");
             Statement s = memory.createStatement()) {
            for (String sql : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Target forThread() {
        try {
            return new JdbcTarget(dir, synchronous, memoryName);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts apps {@code 0..count-1} in one transaction (fixture seeding). */
    void seedApps(int count, int poolCount) {
        inTransaction(() -> {
            long now = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                bindApp(Fixtures.appId(i), Fixtures.TRIGGERS, Fixtures.pools(i, poolCount), Fixtures.meta(i), now);
                insertApp.addBatch();
                if (i % 1000 == 999) {
                    insertApp.executeBatch();
                }
            }
            insertApp.executeBatch();
            return null;
        });
    }

    @Override
    public App registerApp(String appId, List<String> triggers, List<String> pools, Map<String, Object> meta) {
        long now = System.currentTimeMillis();
        return inTransaction(() -> {
            bindApp(appId, triggers, pools, meta, now);
            insertApp.executeUpdate();
            return new App(appId, pools, triggers, meta, "1.0", Instant.ofEpochMilli(now), Instant.ofEpochMilli(now), false);
        });
    }

    private void bindApp(String appId, List<String> triggers, List<String> pools, Map<String, Object> meta, long now)
            throws SQLException {
        insertApp.setString(1, appId);
        insertApp.setString(2, json(pools));
        insertApp.setString(3, json(triggers));
        insertApp.setString(4, json(meta));
        insertApp.setString(5, "1.0");
        insertApp.setLong(6, now);
        insertApp.setLong(7, now);
        insertApp.setInt(8, 0);
    }

    @Override
    public Optional<App> getApp(String appId) {
        try {
            return findApp(appId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<App> findApp(String appId) throws SQLException {
        selectApp.setString(1, appId);
        try (ResultSet rs = selectApp.executeQuery()) {
            return rs.next() ? Optional.of(app(rs)) : Optional.empty();
        }
    }

    @Override
    public App touchApp(String appId, int round) {
        return inTransaction(() -> {
            App app = findApp(appId).orElseThrow();
            Map<String, Object> meta = new LinkedHashMap<>(app.meta());
            meta.put("round", round);
            long now = System.currentTimeMillis();
            updateAppMeta.setString(1, json(meta));
            updateAppMeta.setLong(2, now);
            updateAppMeta.setString(3, appId);
            updateAppMeta.executeUpdate();
            return new App(appId, app.pools(), app.triggers(), meta, app.protocolVersion(), app.registered(),
                    Instant.ofEpochMilli(now), app.rehydrated());
        });
    }

    @Override
    public List<App> getAppsByPool(String pool) {
        try {
            appsByPool.setString(1, pool);
            List<App> apps = new ArrayList<>();
            try (ResultSet rs = appsByPool.executeQuery()) {
                while (rs.next()) {
                    apps.add(app(rs));
                }
            }
            return apps;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static App app(ResultSet rs) throws SQLException {
        return new App(rs.getString(1), (List<String>) decode(rs.getString(2), List.of()),
                (List<String>) decode(rs.getString(3), List.of()), (Map<String, Object>) decode(rs.getString(4), Map.of()),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)), rs.getInt(8) != 0);
    }

    @Override
    public void createBlocks(int first, int count, int poolCount) {
        inTransaction(() -> {
            long now = System.currentTimeMillis();
            for (int i = first; i < first + count; i++) {
                Map<String, Object> options = Fixtures.blockOptions(i, poolCount);
                Map<String, Object> config = new LinkedHashMap<>(options);
                config.keySet().removeAll(List.of("name", "pool", "persistent", "encrypted", "permissions"));
                insertBlock.setString(1, Fixtures.blockId(i));
                insertBlock.setString(2, (String) options.get("name"));
                insertBlock.setString(3, (String) options.get("pool"));
                insertBlock.setLong(4, Fixtures.BLOCK_SIZE);
                insertBlock.setString(5, Fixtures.BLOCK_TYPE.value());
                insertBlock.setString(6, json(options.get("permissions")));
                insertBlock.setLong(7, 1);
                insertBlock.setLong(8, now);
                insertBlock.setLong(9, now);
                insertBlock.setInt(10, 1);
                insertBlock.setInt(11, 0);
                insertBlock.setString(12, json(config));
                insertBlock.addBatch();
            }
            insertBlock.executeBatch();
            return null;
        });
    }

    @Override
    public List<MemoryBlock> getMemoryBlocksByPool(String pool) {
        try {
            blocksByPool.setString(1, pool);
            List<MemoryBlock> blocks = new ArrayList<>();
            try (ResultSet rs = blocksByPool.executeQuery()) {
                while (rs.next()) {
                    blocks.add(block(rs));
                }
            }
            return blocks;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void forEachMemoryBlock(Consumer<MemoryBlock> consumer) {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + BLOCK_COLUMNS + " FROM memory_blocks ORDER BY block_id")) {
            while (rs.next()) {
                consumer.accept(block(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static MemoryBlock block(ResultSet rs) throws SQLException {
        return new MemoryBlock(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), BlockType.of(rs.getString(5)),
                (Map<String, Object>) decode(rs.getString(6), Map.of()), rs.getLong(7), Instant.ofEpochMilli(rs.getLong(8)),
                Instant.ofEpochMilli(rs.getLong(9)), rs.getInt(10) != 0, rs.getInt(11) != 0,
                (Map<String, Object>) decode(rs.getString(12), Map.of()));
    }

    @Override
    public TriggerRecord createTrigger(String id, String destination) {
        long now = System.currentTimeMillis();
        return inMemoryTransaction(() -> {
            insertTrigger.setString(1, id);
            insertTrigger.setString(2, "origin-app");
            insertTrigger.setLong(3, 7);
            insertTrigger.setString(4, destination);
            insertTrigger.setString(5, "pool-0");
            insertTrigger.setString(6, "process-data");
            insertTrigger.setLong(7, now);
            insertTrigger.setLong(8, LibraryTarget.TRIGGER_TTL.toMillis());
            insertTrigger.setLong(9, now);
            insertTrigger.executeUpdate();
            return new TriggerRecord(id, "origin-app", 7, destination, "pool-0", "process-data", Instant.ofEpochMilli(now),
                    LibraryTarget.TRIGGER_TTL, null, false, Instant.ofEpochMilli(now));
        });
    }

    @Override
    public TriggerRecord dispatchTrigger(String id, String to) {
        return inMemoryTransaction(() -> {
            dispatchTrigger.setString(1, to);
            dispatchTrigger.setLong(2, System.currentTimeMillis());
            dispatchTrigger.setString(3, id);
            return trigger(dispatchTrigger);
        });
    }

    @Override
    public TriggerRecord completeTrigger(String id) {
        return inMemoryTransaction(() -> {
            completeTrigger.setLong(1, System.currentTimeMillis());
            completeTrigger.setString(2, id);
            return trigger(completeTrigger);
        });
    }

    private static TriggerRecord trigger(PreparedStatement returning) throws SQLException {
        try (ResultSet rs = returning.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no trigger record");
            }
            return new TriggerRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), Duration.ofMillis(rs.getLong(8)), rs.getString(9),
                    rs.getInt(10) != 0, Instant.ofEpochMilli(rs.getLong(11)));
        }
    }

    @Override
    public int purgeExpiredTriggers() {
        return inMemoryTransaction(() -> {
            purgeTriggers.setLong(1, System.currentTimeMillis());
            return purgeTriggers.executeUpdate();
        });
    }

    @Override
    public Path backup(Path target) {
        Path file = target.resolve("baseline-" + UUID.randomUUID() + ".db").toAbsolutePath();
        try (PreparedStatement s = db.prepareStatement("VACUUM INTO ?")) {
            s.setString(1, file.toString());
            s.execute();
            return file;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
            memory.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Decodes as hand-written code would: every row parsed with the library's mapper into immutable values, without
     * the library's sharing of recently decoded values ({@code Json.read}).
     */
    private static Object decode(String json, Object ifNull) {
        if (json == null) {
            return ifNull;
        }
        try {
            Object value = Json.immutable(Json.mapper().readValue(json, Object.class));
            return value == null ? ifNull : value;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        return transaction(begin, commit, work);
    }

    private <T> T inMemoryTransaction(SqlWork<T> work) {
        return transaction(memoryBegin, memoryCommit, work);
    }

    private <T> T transaction(PreparedStatement beginStatement, PreparedStatement commitStatement, SqlWork<T> work) {
        try {
            beginStatement.execute();
            try {
                T result = work.run();
                commitStatement.execute();
                return result;
            } catch (SQLException | RuntimeException e) {
                try (Statement s = beginStatement.getConnection().createStatement()) {
                    s.execute("ROLLBACK");
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
