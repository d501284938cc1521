package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.App;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {
    /** The tables of the specification's "Database Schema", column by column: name and declared type. */
    private static final Map<String, List<String>> SPEC = Map.of(
            "app_registry", List.of("app_id TEXT pk", "pools TEXT", "triggers TEXT", "meta TEXT", "protocol_version TEXT",
                    "registered INTEGER", "last_seen INTEGER", "rehydrated INTEGER"),
            "pool_metadata", List.of("name TEXT pk", "type TEXT", "encrypted INTEGER", "owners TEXT", "policies TEXT",
                    "description TEXT", "created INTEGER", "updated INTEGER", "config TEXT"),
            "memory_blocks", List.of("block_id TEXT pk", "name TEXT", "pool TEXT", "size INTEGER", "type TEXT",
                    "permissions TEXT", "version INTEGER", "created INTEGER", "updated INTEGER", "persistent INTEGER",
                    "encrypted INTEGER", "config TEXT"),
            "server_config", List.of("key TEXT pk", "value TEXT", "updated INTEGER"),
            "trigger_records", List.of("id TEXT pk", "origin_app_id TEXT", "origin_connection_id INTEGER",
                    "destination TEXT", "pool TEXT", "process TEXT", "created INTEGER", "ttl INTEGER",
                    "dispatched_to TEXT", "completed INTEGER", "updated INTEGER"));

    @TempDir
    Path dir;

    @Test
    void the_tables_match_the_spec_column_for_column() throws SQLException {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            try (Connection c = TestManagers.readOnly(dir.resolve("latzero.db"))) {
                for (String table : List.of("app_registry", "pool_metadata", "memory_blocks", "server_config")) {
                    assertThat(columns(c, table)).as(table).isEqualTo(SPEC.get(table));
                }
            }
            String memory = persistence.getStats().memoryDatabase().substring(":memory:".length());
            try (Connection c = TestManagers.readWrite("jdbc:sqlite:file:/" + memory + "?vfs=memdb")) {
                assertThat(columns(c, "trigger_records")).isEqualTo(SPEC.get("trigger_records"));
            }
        }
    }

    @Test
    void the_schema_version_is_recorded_in_the_database() throws SQLException {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            assertThat(persistence.getStats().schemaVersion()).isEqualTo("4");
        }
        try (Connection c = TestManagers.readOnly(dir.resolve("latzero.db"))) {
            assertThat(TestManagers.column(c, "select version from flyway_schema_history where success = 1"
                    + " and version <> '0' order by installed_rank")).containsExactly("1", "2", "3", "4");
        }
    }

    @Test
    void lookups_by_pool_search_an_index_instead_of_scanning() throws SQLException {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("a", List.of(), List.of("p"), Map.of());
        }
        try (Connection c = TestManagers.readOnly(dir.resolve("latzero.db"))) {
            // The shape of the SQL Hibernate generates for AppRepository.byPool and MemoryBlockRepository.byPool.
            String apps = plan(c, "select a.app_id, a.pools, a.meta from app_registry a, app_pool_members m"
                    + " where m.pool = ? and a.app_id = m.app_id order by a.app_id");
            assertThat(apps).contains("SEARCH m USING PRIMARY KEY (pool=?)").doesNotContain("SCAN");
            String blocks = plan(c, "select b.block_id, b.name from memory_blocks b where b.pool = ? order by b.block_id");
            assertThat(blocks).contains("SEARCH b USING INDEX idx_memory_blocks_pool (pool=?)").doesNotContain("SCAN");
        }
    }

    @Test
    void a_database_written_by_the_node_implementation_opens_and_its_rows_are_found() throws SQLException {
        Path file = dir.resolve("latzero.db");
        try (Connection c = TestManagers.readWrite("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            // The spec's tables as better-sqlite3 creates them, rows as JSON.stringify writes them; no Flyway history.
            s.execute("CREATE TABLE app_registry (app_id TEXT PRIMARY KEY, pools TEXT, triggers TEXT, meta TEXT,"
                    + " protocol_version TEXT, registered INTEGER, last_seen INTEGER, rehydrated INTEGER)");
            s.execute("CREATE TABLE pool_metadata (name TEXT PRIMARY KEY, type TEXT, encrypted INTEGER, owners TEXT,"
                    + " policies TEXT, description TEXT, created INTEGER, updated INTEGER, config TEXT)");
            s.execute("CREATE TABLE memory_blocks (block_id TEXT PRIMARY KEY, name TEXT, pool TEXT, size INTEGER, type TEXT,"
                    + " permissions TEXT, version INTEGER, created INTEGER, updated INTEGER, persistent INTEGER,"
                    + " encrypted INTEGER, config TEXT)");
            s.execute("CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT, updated INTEGER)");
            s.execute("INSERT INTO app_registry VALUES ('my-app', '[\"data-pool\",\"other-pool\"]', '[\"process-data\"]',"
                    + " '{\"version\":\"1.0.0\",\"description\":\"Data processing application\"}', '1.0', 1700000000000,"
                    + " 1700000001000, 1)");
            s.execute("INSERT INTO app_registry VALUES ('bare-app', NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
            s.execute("INSERT INTO pool_metadata VALUES ('data-pool', 'local', 0, '[\"my-app\"]', '{\"read\":[\"*\"]}',"
                    + " 'Pool for data processing', 1700000000000, 1700000000000, '{\"maxSize\":10}')");
            s.execute("INSERT INTO memory_blocks VALUES ('data-block-1', 'Processing Buffer', 'data-pool', 4096, 'json',"
                    + " '{}', 3, 1700000000000, 1700000000000, 1, 0, '{}')");
            s.execute("INSERT INTO server_config VALUES ('feature_flags', '{\"newFeature\":true}', 1700000000000)");
        }

        try (PersistenceManager persistence = TestManagers.open(dir)) {
            App app = persistence.getApp("my-app").orElseThrow();
            assertThat(app.pools()).containsExactly("data-pool", "other-pool");
            assertThat(app.triggers()).containsExactly("process-data");
            assertThat(app.meta()).isEqualTo(Map.of("version", "1.0.0", "description", "Data processing application"));
            assertThat(app.registered()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
            assertThat(app.lastSeen()).isEqualTo(Instant.ofEpochMilli(1700000001000L));
            assertThat(app.rehydrated()).isTrue();
            assertThat(persistence.getAppsByPool("data-pool")).containsExactly(app);
            assertThat(persistence.getAppsByPool("other-pool")).containsExactly(app);
            assertThat(persistence.getApp("bare-app").orElseThrow().pools()).isEmpty();

            Pool pool = persistence.getPool("data-pool").orElseThrow();
            assertThat(pool.type()).isEqualTo(PoolType.LOCAL);
            assertThat(pool.owners()).containsExactly("my-app");
            assertThat(pool.config()).isEqualTo(Map.of("maxSize", 10));
            MemoryBlock block = persistence.getMemoryBlock("data-block-1").orElseThrow();
            assertThat(block.version()).isEqualTo(3);
            assertThat(persistence.getMemoryBlocksByPool("data-pool")).containsExactly(block);
            assertThat(persistence.updateMemoryBlock("data-block-1", MemoryBlockUpdate.builder().size(1).build()).version())
                    .isEqualTo(4);
            assertThat(persistence.loadServerConfig("feature_flags")).contains(Map.of("newFeature", true));

            persistence.registerApp("java-app", List.of(), List.of("data-pool"), Map.of("v", 1));
        }

        // What we wrote reads back as Node expects: compact JSON text, integer booleans and timestamps.
        try (Connection c = TestManagers.readWrite("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(TestManagers.single(c, "select pools || meta || typeof(registered) || rehydrated"
                    + " from app_registry where app_id = 'java-app'")).isEqualTo("[\"data-pool\"]{\"v\":1}integer0");
            // A row Node writes later is indexed by the database's own triggers.
            s.execute("INSERT INTO app_registry VALUES ('node-later', '[\"data-pool\"]', '[]', '{}', '1.0', 1, 1, 0)");
        }
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            assertThat(persistence.getAppsByPool("data-pool")).extracting(App::appId)
                    .containsExactly("java-app", "my-app", "node-later");
        }
    }

    @Test
    void a_database_with_a_newer_schema_version_is_refused_untouched() throws Exception {
        assertRefusedUntouched("(99, '99', 'future', 'SQL', 'V99__future.sql', 'x', 1, 1)", "99", "newer");
    }

    @Test
    void a_database_with_a_newer_minor_schema_version_is_refused_untouched_by_the_migration_check() throws Exception {
        // Same major version as ours, so the file check lets it through; Flyway's validation must refuse it.
        assertRefusedUntouched("(5, '4.1', 'future', 'SQL', 'V4_1__future.sql', 'x', 1, 1)",
                "schema version 4.1, newer than this library supports (4)");
    }

    /** Adds {@code historyRow} to a database of ours and expects initialize() to refuse it without a change. */
    private void assertRefusedUntouched(String historyRow, String... messageParts) throws Exception {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
        }
        Path file = dir.resolve("latzero.db");
        try (Connection c = TestManagers.readWrite("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("insert into flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) values " + historyRow);
        }
        String before = sha256(file);

        PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir).build());
        assertThatThrownBy(persistence::initialize).isInstanceOf(StorageException.class)
                .hasMessageContainingAll(messageParts);
        assertThat(sha256(file)).isEqualTo(before);
        assertThat(dir.resolve("latzero.db-wal")).satisfiesAnyOf(
                wal -> assertThat(wal).doesNotExist(), wal -> assertThat(wal).isEmptyFile());
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                columns.add(rs.getString("name") + " " + rs.getString("type") + (rs.getInt("pk") > 0 ? " pk" : ""));
            }
        }
        return columns;
    }

    private static String plan(Connection c, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            s.setString(1, "p");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString("detail")).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
