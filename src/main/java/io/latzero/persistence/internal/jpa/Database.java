package io.latzero.persistence.internal.jpa;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.StorageException;
import jakarta.persistence.EntityManagerFactory;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

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
     * Opens a unit: keeps an anchor connection if {@code inMemory}, migrates from {@code migrations}, then takes the
     * Hibernate factory from {@code boot} (started earlier, or booting now). It owns {@code dataSource} and
     * {@code boot} from the call on: everything opened is closed again, and the boot abandoned, if a step fails.
     */
    public static Database open(String location, HikariDataSource dataSource, boolean inMemory,
                                SqlAction beforeMigrate, String migrations, HibernateBoot boot) {
        return open(location, dataSource, inMemory, beforeMigrate,
                pool -> Migrations.migrate(pool, migrations, location), boot);
    }

    /** As above, bringing the schema up to date with {@code migrator} instead of Flyway's {@code migrate}. */
    public static Database open(String location, HikariDataSource dataSource, boolean inMemory,
                                SqlAction beforeMigrate, Migrator migrator, HibernateBoot boot) {
        Connection anchor = null;
        try {
            anchor = inMemory ? dataSource.getDataSource().getConnection() : null;
            try (Connection first = dataSource.getConnection()) {
                beforeMigrate.run(anchor != null ? anchor : first);
            }
            String version = migrator.migrate(dataSource);
            return new Database(location, dataSource, anchor, version, boot.finish(dataSource));
        } catch (RuntimeException | SQLException e) {
            boot.abandon();
            closeQuietly(anchor);
            dataSource.close();
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("Cannot open the database at " + location + ": " + e.getMessage(), e);
        }
    }

    /** Brings a unit's schema up to date and returns its version. */
    @FunctionalInterface
    public interface Migrator {
        String migrate(DataSource dataSource) throws SQLException;
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

    /** The factory as Hibernate's, for what JPA has no word for (a {@link org.hibernate.StatelessSession}). */
    public SessionFactory sessionFactory() {
        return emf.unwrap(SessionFactory.class);
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

    /** The major part of {@link #schemaVersion()}, which is what compatibility is decided by. */
    public int schemaMajorVersion() {
        return Migrations.majorVersion(schemaVersion);
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
