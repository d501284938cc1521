package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

/** The API contract on PostgreSQL: every manager a test opens gets a fresh schema, dropped afterwards. */
class PostgresPersistenceIT extends PersistenceContract {
    private final List<PostgresTestDatabase.Schema> schemas = new ArrayList<>();

    @Override
    PersistenceConfig.Builder store(PersistenceConfig.Builder builder) {
        PostgresTestDatabase.Schema schema = PostgresTestDatabase.get().newSchema();
        schemas.add(schema);
        return builder.durableDatabase(schema.database());
    }

    @Override
    void dropStore() {
        schemas.forEach(PostgresTestDatabase.Schema::close);
        schemas.clear();
    }

    @Override
    String synchronous() {
        return null;
    }

    @Override
    String backupFormat() {
        return "ndjson-export";
    }

    @Test
    void the_dialect_is_detected_from_the_server() {
        persistence.transaction(() -> assertThat(persistence.entityManager().getEntityManagerFactory()
                .unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect())
                .isInstanceOf(PostgreSQLDialect.class));
    }
}
