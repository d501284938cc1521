package io.latzero.persistence.internal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.internal.store.sqlite.SqliteDataSources;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;

/** An entity using Hibernate's own JSON type still gets Hibernate's Jackson mapper, made on first use. */
class LazyJsonFormatMapperTest {
    @Entity(name = "JsonDocument")
    public static class JsonDocument {
        @Id
        String id;
        @JdbcTypeCode(SqlTypes.JSON)
        Map<String, Object> body;
    }

    @Test
    void a_hibernate_json_attribute_round_trips() throws Exception {
        HibernateBoot boot = HibernateBoot.start("json-test", List.of(JsonDocument.class),
                SqliteDataSources.hibernateSettings(), Runnable::run);
        try (HikariDataSource pool = SqliteDataSources.memory("json-test-" + UUID.randomUUID(),
                PersistenceConfig.builder().build());
             Connection anchor = pool.getDataSource().getConnection()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table JsonDocument (id text primary key, body text)");
            }
            EntityManagerFactory emf = boot.finish(pool);
            try {
                EntityManager em = emf.createEntityManager();
                em.getTransaction().begin();
                JsonDocument doc = new JsonDocument();
                doc.id = "d";
                doc.body = Map.of("a", List.of(1, 2), "b", "x");
                em.persist(doc);
                em.getTransaction().commit();
                em.close();

                EntityManager reader = emf.createEntityManager();
                assertThat(reader.find(JsonDocument.class, "d").body).isEqualTo(Map.of("a", List.of(1, 2), "b", "x"));
                reader.close();
                try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                     var rs = s.executeQuery("select body from JsonDocument")) {
                    rs.next();
                    assertThat(rs.getString(1)).contains("\"a\":[1,2]");
                }
            } finally {
                emf.close();
            }
        }
    }
}
