package io.latzero.persistence.internal.jpa;

import io.latzero.persistence.StorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.pattern.ValidatePattern;

/**
 * Runs the schema migrations of a unit with Flyway on the unit's own data source. A database whose recorded
 * version is newer than the newest migration this library knows is refused before anything is written.
 */
public final class Migrations {
    /** Migration locations of the durable unit on SQLite. */
    public static final String DURABLE_SQLITE = "classpath:db/migration/sqlite";
    /** Migration locations of the durable unit on PostgreSQL (and compatible engines). */
    public static final String DURABLE_POSTGRESQL = "classpath:db/migration/postgresql";
    /** Migration locations of the ephemeral (trigger records) unit. */
    public static final String EPHEMERAL_SQLITE = "classpath:db/ephemeral/sqlite";

    /** Flyway migrations (or validations) run by this process (for tests and diagnostics). */
    private static final AtomicLong FLYWAY_RUNS = new AtomicLong();

    private Migrations() {
    }

    /** How many times this process started Flyway on a database. */
    public static long flywayRuns() {
        return FLYWAY_RUNS.get();
    }

    /**
     * Migrates to the newest version and returns it.
     *
     * @throws StorageException if the database was written by a newer version of the library, or migration fails
     */
    public static String migrate(DataSource dataSource, String location, String where) {
        FLYWAY_RUNS.incrementAndGet();
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                // A Node-written database has the tables but no history: V1 is idempotent, so start before it.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                // Flyway validates before it writes anything, and by default ignores applied migrations it does not
                // know ("*:future"). Not ignoring them refuses a newer schema in the same pass that migrates, instead
                // of a separate info() pass over the history and the migrations on every start.
                .ignoreMigrationPatterns(new ValidatePattern[0])
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayValidateException e) {
            refuseNewer(flyway, where);
            throw new StorageException("Schema migration of " + where + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StorageException("Schema migration of " + where + " failed: " + e.getMessage(), e);
        }
        if (result.targetSchemaVersion != null) {
            return result.targetSchemaVersion;
        }
        return result.initialSchemaVersion != null ? result.initialSchemaVersion : currentVersion(flyway);
    }

    /**
     * As {@link #migrate}, but first reads the schema history with one query: if it records exactly the migrations
     * at {@code location} (every version, script and checksum, all successful, and nothing else but Flyway's
     * baseline at version 0), Flyway would find nothing to apply and nothing to refuse, so it is not started and
     * the newest version is returned. Anything else (no history, a pending, failed, changed or unknown migration, a
     * location {@link MigrationScripts} does not read) goes to Flyway as before. Only for a database no other
     * process migrates meanwhile (a locked SQLite data directory): Flyway's lock is not taken for the read.
     */
    public static String migrateUnlessCurrent(DataSource dataSource, String location, String where) {
        List<MigrationScripts.Script> scripts = MigrationScripts.scan(location);
        if (scripts != null && recordsExactly(dataSource, scripts)) {
            return MigrationScripts.newestVersion(scripts);
        }
        return migrate(dataSource, location, where);
    }

    /** Whether the history in {@code dataSource} records {@code scripts} and nothing else (see above). */
    static boolean recordsExactly(DataSource dataSource, List<MigrationScripts.Script> scripts) {
        Map<String, MigrationScripts.Script> expected = new HashMap<>();
        for (MigrationScripts.Script script : scripts) {
            expected.put(script.version(), script);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version, description, type, script, checksum, success"
                     + " from flyway_schema_history")) {
            while (rs.next()) {
                String version = rs.getString(1);
                String type = rs.getString(3);
                int checksum = rs.getInt(5);
                boolean checksumNull = rs.wasNull();
                if (!rs.getBoolean(6)) {
                    return false;
                }
                if ("BASELINE".equals(type) && "0".equals(version)) {
                    continue;
                }
                MigrationScripts.Script script = version == null ? null : expected.remove(version);
                if (script == null || !"SQL".equals(type) || checksumNull || checksum != script.checksum()
                        || !script.description().equals(rs.getString(2)) || !script.fileName().equals(rs.getString(4))) {
                    return false;
                }
            }
            return expected.isEmpty();
        } catch (SQLException e) {
            return false; // no history table (a new database): Flyway creates it
        }
    }

    /**
     * Creates the schema of {@code scripts} in a new, empty database by running them in version order in one
     * transaction, without Flyway and without a schema history: for in-memory databases that live as long as the
     * process (the ephemeral unit, the reference schema), where there is nothing to migrate from.
     */
    public static String createSchema(Connection connection, List<MigrationScripts.Script> scripts) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (MigrationScripts.Script script : scripts) {
                // sqlite-jdbc runs every statement of the text (sqlite3_exec) when it has no parameters.
                s.executeUpdate(script.sql());
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return MigrationScripts.newestVersion(scripts);
    }

    /** Throws the refusal naming both versions if the database has a migration newer than the newest known. */
    private static void refuseNewer(Flyway flyway, String where) {
        MigrationVersion newestKnown = null;
        MigrationVersion newestApplied = null;
        for (MigrationInfo info : flyway.info().all()) {
            MigrationVersion v = info.getVersion();
            if (v == null) {
                continue;
            }
            if (info.getState().isResolved() && (newestKnown == null || v.compareTo(newestKnown) > 0)) {
                newestKnown = v;
            }
            if (info.getState().isApplied() && (newestApplied == null || v.compareTo(newestApplied) > 0)) {
                newestApplied = v;
            }
        }
        if (newestApplied != null && (newestKnown == null || newestApplied.compareTo(newestKnown) > 0)) {
            throw new StorageException("The database at " + where + " has schema version " + newestApplied
                    + ", newer than this library supports (" + newestKnown + "). It was left untouched;"
                    + " use a newer latzero-persistence or restore an older backup.");
        }
    }

    private static String currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
    }

    /** The major part of a schema version such as {@code 2} or {@code 2.1}. */
    public static int majorVersion(String version) {
        return Integer.parseInt(version.split("\\.")[0]);
    }
}
