package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests run with no CDI or Health API on the class path (see surefire's configuration in pom.xml). */
class WithoutCdiTest {
    @Test
    void the_unit_test_class_path_has_no_cdi_api() {
        assertThatThrownBy(() -> Class.forName("jakarta.enterprise.inject.spi.BeanManager"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.eclipse.microprofile.health.HealthCheck"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void a_plain_java_se_manager_works_without_cdi() {
        try (PersistenceManager persistence = new PersistenceManager(
                PersistenceConfig.builder().memoryMode(true).backupInterval(Duration.ZERO).build())) {
            persistence.initialize();
            persistence.registerApp("se-app", List.of(), List.of(), Map.of());
            assertThat(persistence.getApp("se-app")).isPresent();
        }
    }
}
