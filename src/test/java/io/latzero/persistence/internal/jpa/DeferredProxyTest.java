package io.latzero.persistence.internal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.internal.AppEntity;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hibernate.Hibernate;
import org.hibernate.proxy.HibernateProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A library entity's proxy class is made on first use, and works as Hibernate's own. */
class DeferredProxyTest {
    @TempDir
    Path dir;

    @Test
    void a_reference_to_a_library_entity_is_a_working_lazy_proxy() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("a", List.of("t"), List.of("p"), Map.of("k", "v"));
            persistence.transaction(() -> {
                AppEntity reference = persistence.entityManager().getReference(AppEntity.class, "a");
                assertThat(reference).isInstanceOf(HibernateProxy.class);
                assertThat(Hibernate.isInitialized(reference)).isFalse();
                assertThat(reference.toApp().meta()).isEqualTo(Map.of("k", "v"));
                assertThat(Hibernate.isInitialized(reference)).isTrue();
            });
        }
    }
}
