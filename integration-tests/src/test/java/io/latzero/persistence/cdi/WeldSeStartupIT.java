package io.latzero.persistence.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.InvalidInputException;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager is opened when the container starts, so a bad configuration fails the start, not a first call. */
class WeldSeStartupIT {
    @TempDir
    Path dir;

    @AfterEach
    void unconfigure() {
        System.clearProperty("latzero.persistence.data-dir");
        System.clearProperty("latzero.persistence.max-backups");
    }

    @Test
    void the_database_exists_as_soon_as_the_container_has_started() {
        System.setProperty("latzero.persistence.data-dir", dir.toString());

        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            assertThat(container.isRunning()).isTrue();
            assertThat(dir.resolve("latzero.db")).exists();
        }
    }

    @Test
    void a_bad_configuration_fails_the_container_start() {
        System.setProperty("latzero.persistence.data-dir", dir.toString());
        System.setProperty("latzero.persistence.max-backups", "0");

        assertThatThrownBy(() -> SeContainerInitializer.newInstance().initialize().close())
                .satisfies(e -> assertThat(rootCause(e)).asInstanceOf(InstanceOfAssertFactories.THROWABLE)
                        .isInstanceOf(InvalidInputException.class).hasMessageContaining("latzero.persistence.max-backups"));
        assertThat(Files.exists(dir.resolve("latzero.db"))).isFalse();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
