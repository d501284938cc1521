package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.internal.jpa.Database;
import io.latzero.persistence.internal.jpa.HibernateBoot;
import io.latzero.persistence.internal.jpa.Migrations;
import io.latzero.persistence.internal.tx.Unit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

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
        unit.database(Database.open(":memory:" + name, SqliteDataSources.memory(name, config), true,
                Database.SqlAction.NONE, Migrations.EPHEMERAL_SQLITE, boot));
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
