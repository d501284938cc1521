package io.latzero.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.StorageException;
import jakarta.persistence.EntityManagerFactory;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;

/**
 * One persistence unit: its connection pool, the anchor connection that keeps an in-memory database alive,
 * its migrated schema, and the Hibernate {@link EntityManagerFactory} over them.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    private final String location;
    private final HikariDataSource dataSource;
    private final Connection anchor;
    private final String schemaVersion;
    private final EntityManagerFactory emf;

    private Database(String location, HikariDataSource dataSource, Connection anchor, String schemaVersion,
                     EntityManagerFactory emf) {
        this.location = location;
        this.dataSource = dataSource;
        this.anchor = anchor;
        this.schemaVersion = schemaVersion;
        this.emf = emf;
    }

    /**
     * Opens a unit: keeps an anchor connection if {@code inMemory}, migrates from {@code migrations}, then boots
     * Hibernate with {@code entities}. Everything opened is closed again if a step fails.
     */
    public static Database open(String unitName, String location, HikariDataSource dataSource, boolean inMemory,
                                SqlAction beforeMigrate, String migrations, List<Class<?>> entities,
                                Map<String, Object> extraProperties) {
        Connection anchor = null;
        try {
            anchor = inMemory ? dataSource.getDataSource().getConnection() : null;
            try (Connection first = dataSource.getConnection()) {
                beforeMigrate.run(anchor != null ? anchor : first);
            }
            String version = Migrations.migrate(dataSource, migrations, location);
            HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration(unitName)
                    .managedClasses(entities)
                    .schemaToolingAction(Action.NONE)
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                    .property(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect")
                    .property(AvailableSettings.ALLOW_METADATA_ON_BOOT, false)
                    .property(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                    // IN lists padded to powers of two: a few statement shapes, so prepared statements are reused.
                    .property(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true)
                    .property(AvailableSettings.GENERATE_STATISTICS, true)
                    .property(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, false);
            extraProperties.forEach(cfg::property);
            return new Database(location, dataSource, anchor, version, cfg.createEntityManagerFactory());
        } catch (RuntimeException | SQLException e) {
            closeQuietly(anchor);
            dataSource.close();
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("Cannot open the database at " + location + ": " + e.getMessage(), e);
        }
    }

    /** Work on a raw connection before the schema is migrated: a health check, or seeding from a backup. */
    @FunctionalInterface
    public interface SqlAction {
        SqlAction NONE = connection -> { };

        void run(Connection connection) throws SQLException;
    }

    public EntityManagerFactory emf() {
        return emf;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** Where the database is: a file path, or {@code :memory:<name>}. */
    public String location() {
        return location;
    }

    public String schemaVersion() {
        return schemaVersion;
    }

    /** Statements prepared by Hibernate since the unit opened. */
    public long preparedStatements() {
        return emf.unwrap(SessionFactory.class).getStatistics().getPrepareStatementCount();
    }

    @Override
    public void close() {
        try {
            emf.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Closing the entity manager factory of " + location + " failed", e);
        }
        dataSource.close();
        closeQuietly(anchor);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "Closing the anchor connection failed", e);
        }
    }
}
