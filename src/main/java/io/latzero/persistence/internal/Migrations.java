package io.latzero.persistence.internal;

import io.latzero.persistence.StorageException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs the schema migrations of a unit with Flyway on the unit's own data source. A database whose recorded
 * version is newer than the newest migration this library knows is refused before anything is written.
 */
public final class Migrations {
    /** Migration locations of the durable unit on SQLite. */
    public static final String DURABLE_SQLITE = "classpath:db/migration/sqlite";
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
                .load();
        refuseNewer(flyway, where);
        try {
            MigrateResult result = flyway.migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : currentVersion(flyway);
        } catch (RuntimeException e) {
            throw new StorageException("Schema migration of " + where + " failed: " + e.getMessage(), e);
        }
    }

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
}
