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
    void theUnitTestClassPathHasNoCdiApi() {
        assertThatThrownBy(() -> Class.forName("jakarta.enterprise.inject.spi.BeanManager"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.eclipse.microprofile.health.HealthCheck"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aPlainJavaSeManagerWorksWithoutCdi() {
        try (PersistenceManager persistence = new PersistenceManager(
                PersistenceConfig.builder().memoryMode(true).backupInterval(Duration.ZERO).build())) {
            persistence.initialize();
            persistence.registerApp("se-app", List.of(), List.of(), Map.of());
            assertThat(persistence.getApp("se-app")).isPresent();
        }
    }
}
