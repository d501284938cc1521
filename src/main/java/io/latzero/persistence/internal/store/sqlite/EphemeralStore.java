package io.latzero.persistence.internal.store.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.jpa.MigrationScripts;
import io.latzero.persistence.internal.jpa.Migrations;
import io.latzero.persistence.internal.tx.Unit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The ephemeral unit (trigger records): an in-memory SQLite database beside whichever durable store is in use. */
public final class EphemeralStore implements AutoCloseable {
    private final PersistenceConfig config;
    private final List<Class<?>> entities;
    private final Unit unit = new Unit(SqliteErrors.INSTANCE, this::openIfClosed);
    private final String name = "latzero-triggers-" + UUID.randomUUID();
    private boolean closed;
    /** The database {@link #create()} made, until the unit opens on it; and the connection that keeps it alive. */
    private HikariDataSource pool;
    private Connection anchor;
    private String schemaVersion;

    /** The store of the unit of {@code entities}, which opens on its first use ({@link #openIfClosed}). */
    public EphemeralStore(PersistenceConfig config, List<Class<?>> entities) {
        this.config = config;
        this.entities = entities;
    }

    /**
     * Creates the unit's in-memory database and its schema, without Hibernate (milliseconds): {@code initialize()}
     * does, so the database the stats name exists from the start, and a failure to create it fails the start. The
     * unit's Hibernate boot waits for {@link #openIfClosed}.
     *
     * @throws StorageException if the database cannot be created
     */
    public synchronized void create() {
        if (closed || pool != null || unit.database() != null) {
            return;
        }
        HikariDataSource created = SqliteDataSources.memory(name, config);
        try {
            anchor = created.getDataSource().getConnection();
            schemaVersion = createSchema(created);
            pool = created;
        } catch (SQLException | RuntimeException e) {
            closeAnchor();
            created.close();
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("Cannot create the in-memory trigger records database: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the unit unless it is open: its Hibernate boot on this thread, on the database {@link #create()} made
     * (made now if it was not). The unit calls this when a transaction first uses it, not {@code initialize()}: a
     * start that never touches trigger records (a CLI command, a server's first reads) does not boot a second unit.
     * Nothing is opened after {@link #close()}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void openIfClosed() {
        if (closed) {
            throw new IllegalStateException("The trigger records unit was closed");
        }
        if (unit.database() == null) {
            create();
            HikariDataSource created = pool;
            String version = schemaVersion;
            pool = null; // the Database owns it from here on, and closes it if the boot fails
            try {
                unit.database(Database.open(location(), created, true, Database.SqlAction.NONE, ds -> version,
                        HibernateBoot.start("latzero-ephemeral", entities, SqliteDataSources.hibernateSettings(),
                                Runnable::run)));
            } catch (RuntimeException e) {
                closeAnchor();
                throw e;
            }
        }
    }

    /** Whether the unit's database is open (it opens on first use). */
    public boolean isOpen() {
        return unit.database() != null;
    }

    /** Where the unit's database is (or will be, before it opens): {@code :memory:<name>}. */
    public String location() {
        return ":memory:" + name;
    }

    /**
     * A new in-memory database has nothing to migrate from: the scripts are run directly (no Flyway, no schema
     * history), unless {@link MigrationScripts} cannot read them, when Flyway migrates it as before.
     */
    private static String createSchema(DataSource pool) throws SQLException {
        List<MigrationScripts.Script> scripts = MigrationScripts.scan(Migrations.EPHEMERAL_SQLITE);
        if (scripts == null) {
            return Migrations.migrate(pool, Migrations.EPHEMERAL_SQLITE, "the in-memory trigger records database");
        }
        try (Connection c = pool.getConnection()) {
            return Migrations.createSchema(c, scripts);
        }
    }

    private void closeAnchor() {
        if (anchor != null) {
            try {
                anchor.close();
            } catch (SQLException e) {
                // closing: nothing to do about it
            }
            anchor = null;
        }
    }

    /** The unit as transactions see it. */
    public Unit unit() {
        return unit;
    }

    /** The open database; null before {@link #open} and after {@link #close()}. */
    public Database database() {
        return unit.database();
    }

    @Override
    public synchronized void close() {
        closed = true;
        unit.closeDatabase();
        if (pool != null) {
            pool.close();
            pool = null;
        }
        closeAnchor();
    }
}
