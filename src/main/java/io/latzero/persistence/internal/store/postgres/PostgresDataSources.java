package io.latzero.persistence.internal.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.DurableDatabase;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.jpa.Database;
import java.util.Map;
import java.util.regex.Pattern;
import org.hibernate.cfg.AvailableSettings;

/** Builds the library-owned connection pool of a durable unit on a PostgreSQL server. */
public final class PostgresDataSources {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&]*");

    private PostgresDataSources() {
    }

    /**
     * A pool of at most {@code poolSize} connections in autocommit mode (Hibernate begins its own transactions),
     * READ COMMITTED like PostgreSQL's default: version columns, not isolation, keep updates from being lost.
     */
    public static HikariDataSource pool(DurableDatabase server) {
        return pool(server, null);
    }

    /**
     * As {@link #pool(DurableDatabase)}, every connection setting {@code latzero.origin} (which the change log's
     * trigger stamps on each change) to {@code origin}, a name of letters, digits and {@code . _ : @ / -}.
     */
    public static HikariDataSource pool(DurableDatabase server, String origin) {
        requireOnClassPath("org.postgresql.Driver", "org.postgresql:postgresql");
        requireOnClassPath("org.flywaydb.database.postgresql.PostgreSQLDatabaseType",
                "org.flywaydb:flyway-database-postgresql");
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("latzero-durable");
        hikari.setJdbcUrl(server.url());
        if (server.user() != null) {
            hikari.setUsername(server.user());
        }
        if (server.password() != null) {
            hikari.setPassword(server.password());
        }
        hikari.setMaximumPoolSize(server.poolSize());
        hikari.setMinimumIdle(Math.min(2, server.poolSize()));
        hikari.setAutoCommit(true);
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hikari.setConnectionTimeout(30_000);
        hikari.addDataSourceProperty("ApplicationName", "latzero-persistence");
        // One multi-row INSERT per JDBC batch instead of one round trip per row (Hibernate batches and imports).
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Keeps row values (a duplicate key's "Key (app_id)=(...)", a failed batch's statement) out of messages.
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        // Fail instead of hanging when the server does not answer at all.
        hikari.setInitializationFailTimeout(hikari.getConnectionTimeout());
        if (origin != null) {
            hikari.setConnectionInitSql("SELECT set_config('latzero.origin', '" + origin + "', false)");
        }
        return new HikariDataSource(hikari);
    }

    /**
     * Both are optional dependencies of the library, so that users of the embedded SQLite store do not carry them;
     * a PostgreSQL store without them is refused with what to add.
     */
    private static void requireOnClassPath(String className, String artifact) {
        if (!isPresent(className, Thread.currentThread().getContextClassLoader())
                && !isPresent(className, PostgresDataSources.class.getClassLoader())) {
            throw new StorageException("durable.url names a PostgreSQL database, but " + artifact + " is not on the"
                    + " class path. A PostgreSQL store needs org.postgresql:postgresql and"
                    + " org.flywaydb:flyway-database-postgresql (optional dependencies of latzero-persistence):"
                    + " add both to your build.");
        }
    }

    private static boolean isPresent(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Hibernate settings of the durable unit on a server: the dialect is detected from the server (so CockroachDB
     * gets Hibernate's CockroachDialect), which needs its metadata at boot.
     */
    public static Map<String, Object> hibernateSettings() {
        return Map.of(AvailableSettings.ALLOW_METADATA_ON_BOOT, true);
    }

    /** The URL with any password parameter masked, for messages and statistics. */
    public static String redact(String url) {
        return PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }
}
