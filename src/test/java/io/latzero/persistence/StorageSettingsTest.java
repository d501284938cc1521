package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageSettingsTest {
    @TempDir
    Path dir;

    private static String pragma(PersistenceManager persistence, String name) {
        return persistence.transaction(() -> String.valueOf(
                persistence.entityManager().createNativeQuery("PRAGMA " + name).getSingleResult()));
    }

    @Test
    void the_defaults_give_wal_and_full_sync_with_hardening() {
        try (PersistenceManager persistence = TestManagers.open(PersistenceConfig.builder().dataDir(dir)
                .backupInterval(Duration.ZERO).build())) {
            assertThat(pragma(persistence, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(persistence, "synchronous")).isEqualTo("2");
            assertThat(pragma(persistence, "cache_size")).isEqualTo("1000");
            assertThat(pragma(persistence, "busy_timeout")).isEqualTo("5000");
            assertThat(pragma(persistence, "trusted_schema")).isEqualTo("0");
            assertThat(pragma(persistence, "secure_delete")).isEqualTo("1");
        }
    }

    @Test
    void journal_sync_cache_and_busy_timeout_follow_the_settings() {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir).walMode(false)
                .synchronous(Synchronous.NORMAL).cacheSize(-2048).busyTimeout(Duration.ofMillis(1234)).build())) {
            assertThat(pragma(persistence, "journal_mode")).isEqualTo("delete");
            assertThat(pragma(persistence, "synchronous")).isEqualTo("1");
            assertThat(pragma(persistence, "cache_size")).isEqualTo("-2048");
            assertThat(pragma(persistence, "busy_timeout")).isEqualTo("1234");
        }
    }
}
