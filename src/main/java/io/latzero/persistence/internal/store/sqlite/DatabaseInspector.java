package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.jpa.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a database file before it is trusted: opened read-only with {@code trusted_schema=OFF}, it must pass
 * {@code integrity_check}, hold the LatZero tables, carry no view and no trigger other than the library's own
 * (same SQL), and have a schema version this library knows.
 */
public final class DatabaseInspector {
    private static final List<String> REQUIRED_TABLES = List.of("app_registry", "pool_metadata", "memory_blocks", "server_config");

    /** Full {@code integrity_check}s of live databases run by this process (for tests and diagnostics). */
    private static final AtomicLong FULL_CHECKS = new AtomicLong();

    private final Map<String, String> expectedTriggers;
    private final int newestKnownVersion;

    /**
     * @param expectedTriggers   name to SQL of the triggers the library's own schema has
     * @param newestKnownVersion the newest schema version this library can migrate to
     */
    public DatabaseInspector(Map<String, String> expectedTriggers, int newestKnownVersion) {
        this.expectedTriggers = Map.copyOf(expectedTriggers);
        this.newestKnownVersion = newestKnownVersion;
    }

    /**
     * Checks the file about to be opened as the live database (it may be new and empty, or written by the Node
     * implementation before our migrations): {@code integrity_check}, no view, no trigger but the library's own with the
     * same SQL, and not someone else's tables without ours. It runs on a plain connection before the pool sets any
     * pragma (setting WAL mode alone rewrites the header), so a refused file is left exactly as it was; the only
     * write possible is SQLite's own recovery of a hot journal or WAL, which any opener does.
     *
     * @throws StorageException saying what is wrong, if the file must not be used
     */
    public void verifyLive(Path file) {
        verifyLive(file, true);
    }

    /**
     * As {@link #verifyLive(Path)}; with {@code integrityCheck} false the whole-file {@code integrity_check} is left
     * out (a database closed cleanly: see the clean-shutdown marker), and only what opening it and reading its schema
     * touch is checked: the header, the first page and {@code sqlite_schema}, then the allow-list and the version.
     *
     * @throws StorageException saying what is wrong, if the file must not be used
     */
    public void verifyLive(Path file, boolean integrityCheck) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA trusted_schema=OFF");
            s.execute("PRAGMA cell_size_check=ON");
            // integrity_check, not quick_check: a flipped bit that breaks only an index passes quick_check, and the
            // index would then return wrong answers. It reads the whole file, so it runs when the file's state is
            // unknown (no clean shutdown recorded), in backups and in `verify`, not on every open.
            if (integrityCheck) {
                FULL_CHECKS.incrementAndGet();
                String result = single(s, "PRAGMA integrity_check(20)");
                if (!"ok".equals(result)) {
                    throw new StorageException("The database " + file + " is damaged (integrity_check: " + result + ")."
                            + " It was left untouched.");
                }
            }
            checkSchema(file, s, false);
            checkVersion(file, s);
        } catch (SQLException e) {
            throw new StorageException("The database " + file + " cannot be read (" + e.getMessage() + ")."
                    + " It was left untouched.", e);
        }
    }

    /** How many full {@code integrity_check}s of a live database {@link #verifyLive} ran in this process. */
    public static long liveIntegrityChecks() {
        return FULL_CHECKS.get();
    }

    /**
     * Verifies {@code file}.
     *
     * @throws StorageException saying what is wrong, if the file must not be used
     */
    public void verify(Path file) {
        Properties props = new Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA trusted_schema=OFF");
            s.execute("PRAGMA cell_size_check=ON");
            s.execute("PRAGMA query_only=ON");
            String integrity = single(s, "PRAGMA integrity_check");
            if (!"ok".equals(integrity)) {
                throw refuse(file, "it fails integrity_check (" + integrity + ")");
            }
            checkSchema(file, s, true);
            checkVersion(file, s);
        } catch (SQLException e) {
            throw new StorageException("Refusing " + file + ": it cannot be read as a SQLite database ("
                    + e.getMessage() + "). Restore the newest good backup instead.", e);
        }
    }

    private void checkSchema(Path file, Statement s, boolean requireTables) throws SQLException {
        Map<String, String> tables = new HashMap<>();
        try (ResultSet rs = s.executeQuery("select type, name, sql from sqlite_schema")) {
            while (rs.next()) {
                String type = rs.getString(1);
                String name = rs.getString(2);
                String sql = rs.getString(3);
                switch (type) {
                    case "table" -> tables.put(name, sql);
                    case "index" -> { }
                    case "trigger" -> {
                        if (!sql.equals(expectedTriggers.get(name))) {
                            throw refuse(file, "it contains a trigger '" + name + "' that is not LatZero's");
                        }
                    }
                    default -> throw refuse(file, "it contains a " + type + " '" + name + "', which LatZero databases never have");
                }
            }
        }
        // A live database may be new (no tables yet, or only Flyway's history after a crash mid-migration), but a
        // file holding someone else's tables and not ours is a foreign database: migrating it would graft ours on.
        boolean foreign = tables.keySet().stream()
                .anyMatch(t -> !t.startsWith("sqlite_") && !t.equals("flyway_schema_history"));
        for (String required : REQUIRED_TABLES) {
            if ((requireTables || foreign) && !tables.containsKey(required)) {
                throw refuse(file, "it is not a LatZero database (no table " + required + ")");
            }
        }
    }

    private void checkVersion(Path file, Statement s) throws SQLException {
        int version = schemaVersion(s);
        if (version > newestKnownVersion) {
            throw refuse(file, "its schema version " + version + " is newer than this library supports ("
                    + newestKnownVersion + ")");
        }
    }

    private static int schemaVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*) from sqlite_schema where type='table' and name='flyway_schema_history'")) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return 0;
            }
        }
        int max = 0;
        try (ResultSet rs = s.executeQuery("select version from flyway_schema_history where success = 1 and version is not null")) {
            while (rs.next()) {
                try {
                    max = Math.max(max, Migrations.majorVersion(rs.getString(1)));
                } catch (NumberFormatException ignored) {
                    // Not one of ours: the version check below cannot be fooled by it, the integrity check already ran.
                }
            }
        }
        return max;
    }

    private static String single(Statement s, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (!out.isEmpty()) {
                    out.append("; ");
                }
                out.append(rs.getString(1));
            }
        }
        return out.toString();
    }

    private static StorageException refuse(Path file, String why) {
        return new StorageException("Refusing " + file + ": " + why + ". Nothing was changed; restore the newest good"
                + " backup instead.");
    }
}
