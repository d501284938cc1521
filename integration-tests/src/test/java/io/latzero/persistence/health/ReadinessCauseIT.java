package io.latzero.persistence.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the readiness check reports as the error of a DOWN response (its response itself needs a MicroProfile
 * Health runtime: the Helidon and WildFly tests read it over HTTP).
 */
class ReadinessCauseIT {
    @TempDir
    Path dir;

    @Test
    void a_failed_start_wrapped_by_the_container_is_reported_by_the_librarys_own_message() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        StorageException failedStart = null;
        try (PersistenceManager manager = new PersistenceManager(PersistenceConfig.builder().dataDir(notADirectory).build())) {
            manager.initialize();
        } catch (StorageException e) {
            failedStart = e;
        }
        assertThat(failedStart).isNotNull();
        // As a CDI container reports a producer that threw: wrapped, the wrapper without a message of its own.
        RuntimeException wrapped = new RuntimeException(null, new IllegalStateException(null, failedStart));

        assertThat(PersistenceReadinessCheck.cause(wrapped))
                .isEqualTo("StorageException: " + failedStart.getMessage())
                .contains(notADirectory.toString());
    }

    @Test
    void a_failure_without_a_library_exception_is_reported_by_the_first_message_in_its_chain() {
        RuntimeException wrapped = new RuntimeException(null, new IllegalStateException("not initialized"));

        assertThat(PersistenceReadinessCheck.cause(wrapped)).isEqualTo("IllegalStateException: not initialized");
    }

    @Test
    void a_failure_with_no_message_at_all_is_reported_by_its_type() {
        assertThat(PersistenceReadinessCheck.cause(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
