package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.jpa.MigrationScripts;
import io.latzero.persistence.internal.jpa.Migrations;
import io.latzero.persistence.internal.tx.Unit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/** The ephemeral unit (trigger records): an in-memory SQLite database beside whichever durable store is in use. */
public final class EphemeralStore implements AutoCloseable {
    private final PersistenceConfig config;
    private final Unit unit = new Unit(SqliteErrors.INSTANCE);

    public EphemeralStore(PersistenceConfig config) {
        this.config = config;
    }

    /** Starts booting Hibernate for {@code entities} on {@code executor}. */
    public HibernateBoot startBoot(List<Class<?>> entities, Executor executor) {
        return HibernateBoot.start("latzero-ephemeral", entities, SqliteDataSources.hibernateSettings(), executor);
    }

    /** Opens and migrates a new in-memory database, then finishes {@code boot} on it. */
    public void open(HibernateBoot boot) {
        String name = "latzero-triggers-" + UUID.randomUUID();
        String location = ":memory:" + name;
        unit.database(Database.open(location, SqliteDataSources.memory(name, config), true,
                Database.SqlAction.NONE, EphemeralStore::createSchema, boot));
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

    /** The unit as transactions see it. */
    public Unit unit() {
        return unit;
    }

    /** The open database; null before {@link #open} and after {@link #close()}. */
    public Database database() {
        return unit.database();
    }

    @Override
    public void close() {
        unit.closeDatabase();
    }
}
