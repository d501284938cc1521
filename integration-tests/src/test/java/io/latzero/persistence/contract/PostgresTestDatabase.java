package io.latzero.persistence.contract;

import io.latzero.persistence.DurableDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL server integration tests run against, resolved once per JVM: the server named by
 * {@code -Dlatzero.test.postgres.url} or {@code LATZERO_TEST_POSTGRES_URL} (with {@code _USER}/{@code _PASSWORD}),
 * else a Testcontainers {@code postgres:15-alpine} if a Docker engine answers, else a loud failure: a missing
 * database must never turn into skipped tests. Each caller gets a schema of its own.
 */
final class PostgresTestDatabase {
    private static PostgresTestDatabase instance;

    private final String url;
    private final String user;
    private final String password;

    private PostgresTestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    static synchronized PostgresTestDatabase get() {
        if (instance == null) {
            instance = resolve();
        }
        return instance;
    }

    private static PostgresTestDatabase resolve() {
        String url = setting("url");
        if (url != null) {
            return new PostgresTestDatabase(url, setting("user"), setting("password"));
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new PostgresTestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        throw new IllegalStateException("No PostgreSQL for the integration tests: set LATZERO_TEST_POSTGRES_URL"
                + " (e.g. jdbc:postgresql://127.0.0.1:5432/test, with LATZERO_TEST_POSTGRES_USER/_PASSWORD) or"
                + " -Dlatzero.test.postgres.url, or provide a Docker engine for Testcontainers. `bash .ci/verify`"
                + " starts the local server and sets the variable.");
    }

    private static String setting(String name) {
        String value = System.getProperty("latzero.test.postgres." + name);
        if (value == null || value.isBlank()) {
            value = System.getenv("LATZERO_TEST_POSTGRES_" + name.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** Creates an empty schema with a random name and returns its settings (URL with {@code currentSchema}). */
    Schema newSchema() {
        String name = "lz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + name);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
        return new Schema(name, new DurableDatabase(schemaUrl, user, password, 4));
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " failed '" + sql + "': " + e.getMessage(), e);
        }
    }

    /** A schema of one test; {@link #close()} drops it with everything in it. */
    final class Schema implements AutoCloseable {
        private final String name;
        private final DurableDatabase database;

        private Schema(String name, DurableDatabase database) {
            this.name = name;
            this.database = database;
        }

        DurableDatabase database() {
            return database;
        }

        @Override
        public void close() {
            execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
