package io.latzero.persistence.internal.store.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.jpa.MigrationScripts;
import io.latzero.persistence.internal.jpa.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the durable SQLite migrations create, read once per process from a scratch in-memory database created with
 * them: what {@link DatabaseInspector} compares a file with. The scripts on the class path are run directly on a
 * plain connection (a few milliseconds); only where {@link MigrationScripts} cannot read them is the scratch
 * database migrated with Flyway instead (which loads and starts Flyway: hundreds of milliseconds in a new JVM).
 */
final class ReferenceSchema {
    private static Map<String, String> durableTriggers;
    private static int durableVersion;

    private ReferenceSchema() {
    }

    /**
     * Name to SQL of the triggers the durable migrations create. A file is compared with this, never with itself: a
     * hostile file could carry a trigger under one of our names, and {@code CREATE TRIGGER IF NOT EXISTS} would keep
     * it.
     */
    static synchronized Map<String, String> durableTriggers() {
        migrateReference();
        return durableTriggers;
    }

    /** The major version of the newest durable migration this library has. */
    static synchronized int durableVersion() {
        migrateReference();
        return durableVersion;
    }

    private static void migrateReference() {
        if (durableTriggers == null) {
            List<MigrationScripts.Script> scripts = MigrationScripts.scan(Migrations.DURABLE_SQLITE);
            if (scripts != null) {
                try (Connection scratch = DriverManager.getConnection("jdbc:sqlite::memory:")) {
                    int version = Migrations.majorVersion(Migrations.createSchema(scratch, scripts));
                    durableTriggers = Map.copyOf(triggersOf(scratch));
                    durableVersion = version;
                    return;
                } catch (SQLException e) {
                    throw new StorageException("Cannot build the reference schema: " + e.getMessage(), e);
                }
            }
            String name = "latzero-reference-" + UUID.randomUUID();
            try (HikariDataSource reference = SqliteDataSources.memory(name, PersistenceConfig.builder().build());
                 Connection anchor = reference.getDataSource().getConnection()) {
                durableVersion = Migrations.majorVersion(Migrations.migrate(reference, Migrations.DURABLE_SQLITE,
                        "the reference schema"));
                durableTriggers = Map.copyOf(triggersOf(anchor));
            } catch (SQLException e) {
                throw new StorageException("Cannot build the reference schema: " + e.getMessage(), e);
            }
        }
    }

    /** Name to SQL of the triggers in a database. */
    private static Map<String, String> triggersOf(Connection connection) throws SQLException {
        Map<String, String> triggers = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select name, sql from sqlite_schema where type = 'trigger'")) {
            while (rs.next()) {
                triggers.put(rs.getString(1), rs.getString(2));
            }
        }
        return triggers;
    }
}
