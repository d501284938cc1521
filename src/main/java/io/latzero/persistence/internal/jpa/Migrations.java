package io.latzero.persistence.internal.jpa;

import io.latzero.persistence.StorageException;
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

    private Migrations() {
    }

    /**
     * Migrates to the newest version and returns it.
     *
     * @throws StorageException if the database was written by a newer version of the library, or migration fails
     */
    public static String migrate(DataSource dataSource, String location, String where) {
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
