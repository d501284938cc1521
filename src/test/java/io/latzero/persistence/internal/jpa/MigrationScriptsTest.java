package io.latzero.persistence.internal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.internal.store.sqlite.SqliteDataSources;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations read without Flyway must be what Flyway resolves and records, or a start would skip a migration
 * or compare files with the wrong triggers.
 */
class MigrationScriptsTest {
    @TempDir
    Path dir;

    @Test
    void the_scripts_read_without_flyway_have_the_versions_names_and_checksums_flyway_records() throws Exception {
        for (String location : List.of(Migrations.DURABLE_SQLITE, Migrations.EPHEMERAL_SQLITE)) {
            List<MigrationScripts.Script> scripts = MigrationScripts.scan(location);
            assertThat(scripts).as(location).isNotEmpty();
            try (HikariDataSource pool = memoryPool()) {
                String version = Migrations.migrate(pool, location, "the test database");
                assertThat(MigrationScripts.newestVersion(scripts)).isEqualTo(version);
                List<String> recorded = rows(pool, "select version || ' ' || description || ' ' || script || ' '"
                        + " || checksum from flyway_schema_history where type = 'SQL' order by installed_rank");
                assertThat(scripts.stream().map(s -> s.version() + " " + s.description() + " " + s.fileName() + " "
                        + s.checksum()).toList()).as(location).isEqualTo(recorded);
                assertThat(Migrations.recordsExactly(pool, scripts)).isTrue();
            }
        }
    }

    @Test
    void the_schema_created_from_the_scripts_is_the_one_flyway_creates() throws Exception {
        for (String location : List.of(Migrations.DURABLE_SQLITE, Migrations.EPHEMERAL_SQLITE)) {
            try (HikariDataSource pool = memoryPool(); Connection direct = DriverManager.getConnection("jdbc:sqlite::memory:")) {
                Migrations.migrate(pool, location, "the test database");
                Migrations.createSchema(direct, MigrationScripts.scan(location));
                String objects = "select type, name, sql from sqlite_schema where name not like '%flyway_schema_history%'";
                assertThat(schema(direct, objects)).as(location).isEqualTo(schema(pool.getConnection(), objects))
                        .isNotEmpty();
            }
        }
    }

    @Test
    void only_a_history_of_exactly_the_known_migrations_skips_flyway() throws Exception {
        List<MigrationScripts.Script> scripts = MigrationScripts.scan(Migrations.DURABLE_SQLITE);
        try (HikariDataSource pool = memoryPool()) {
            assertThat(Migrations.recordsExactly(pool, scripts)).as("no history").isFalse();
            Migrations.migrate(pool, Migrations.DURABLE_SQLITE, "the test database");
            assertThat(Migrations.recordsExactly(pool, scripts)).isTrue();
            assertThat(Migrations.recordsExactly(pool, scripts.subList(0, scripts.size() - 1)))
                    .as("a migration this library does not know").isFalse();
            execute(pool, "update flyway_schema_history set checksum = checksum + 1 where version = '1'");
            assertThat(Migrations.recordsExactly(pool, scripts)).as("a changed checksum").isFalse();
            execute(pool, "update flyway_schema_history set checksum = checksum - 1 where version = '1'");
            execute(pool, "update flyway_schema_history set success = 0 where version = '2'");
            assertThat(Migrations.recordsExactly(pool, scripts)).as("a failed migration").isFalse();
            execute(pool, "update flyway_schema_history set success = 1 where version = '2'");
            execute(pool, "delete from flyway_schema_history where version = '2'");
            assertThat(Migrations.recordsExactly(pool, scripts)).as("a pending migration").isFalse();
        }
    }

    @Test
    void a_node_baseline_row_is_accepted() throws Exception {
        List<MigrationScripts.Script> scripts = MigrationScripts.scan(Migrations.DURABLE_SQLITE);
        try (HikariDataSource pool = memoryPool()) {
            Migrations.migrate(pool, Migrations.DURABLE_SQLITE, "the test database");
            execute(pool, "insert into flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) values (0, '0', '<< Flyway Baseline >>', 'BASELINE',"
                    + " '<< Flyway Baseline >>', 'x', 0, 1)");
            assertThat(Migrations.recordsExactly(pool, scripts)).isTrue();
        }
    }

    @Test
    void reopening_a_current_database_starts_no_flyway() {
        PersistenceConfig config = TestManagers.config(dir).build();
        try (PersistenceManager persistence = new PersistenceManager(config)) {
            persistence.initialize();   // a new database: Flyway creates the schema
        }
        long before = Migrations.flywayRuns();
        try (PersistenceManager persistence = new PersistenceManager(config)) {
            persistence.initialize();
            persistence.getApp("a");
            assertThat(persistence.getStats().schemaVersion()).isEqualTo(
                    MigrationScripts.newestVersion(MigrationScripts.scan(Migrations.DURABLE_SQLITE)));
        }
        assertThat(Migrations.flywayRuns()).isEqualTo(before);
    }

    private static HikariDataSource memoryPool() {
        return SqliteDataSources.memory("scripts-test-" + UUID.randomUUID(), PersistenceConfig.builder().build());
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return TestManagers.column(c, sql);
        }
    }

    private static Map<String, String> schema(Connection c, String sql) throws SQLException {
        Map<String, String> objects = new TreeMap<>();
        try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                objects.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
            }
        }
        return objects;
    }
}
