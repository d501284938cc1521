package io.latzero.persistence;

import static io.latzero.persistence.testing.TestManagers.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.config.internal.MicroProfileConfigReader;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

class PersistenceConfigTest {
    @Test
    void defaults_are_the_specs() {
        PersistenceConfig config = PersistenceConfig.defaults();
        assertThat(config.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".latzero"));
        assertThat(config.memoryMode()).isFalse();
        assertThat(config.walMode()).isTrue();
        assertThat(config.cacheSize()).isEqualTo(1000);
        assertThat(config.backupInterval()).isEqualTo(Duration.ofHours(24));
        assertThat(config.maxBackups()).isEqualTo(7);
        assertThat(config.synchronous()).isEqualTo(Synchronous.FULL);
        assertThat(config.durabilityWindow()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.triggerPurgeInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.entityClasses()).isEmpty();
    }

    @Test
    void the_builder_sets_every_setting_and_toBuilder_round_trips() {
        PersistenceConfig config = PersistenceConfig.builder().dataDir(Path.of("rel/dir")).memoryMode(true).walMode(false)
                .cacheSize(-2000).backupInterval(Duration.ofHours(1)).maxBackups(3).synchronous(Synchronous.NORMAL)
                .durabilityWindow(Duration.ofSeconds(1)).busyTimeout(Duration.ofSeconds(1)).triggerPurgeInterval(Duration.ZERO).entityClasses(List.of(String.class))
                .build();
        assertThat(config.dataDir()).isEqualTo(Path.of("rel/dir").toAbsolutePath());
        assertThat(config).extracting(PersistenceConfig::memoryMode, PersistenceConfig::walMode, PersistenceConfig::cacheSize,
                        PersistenceConfig::backupInterval, PersistenceConfig::maxBackups, PersistenceConfig::synchronous,
                        PersistenceConfig::busyTimeout, PersistenceConfig::triggerPurgeInterval)
                .containsExactly(true, false, -2000, Duration.ofHours(1), 3, Synchronous.NORMAL, Duration.ofSeconds(1),
                        Duration.ZERO);
        assertThat(config.entityClasses()).containsExactly(String.class);
        assertThat(config.durabilityWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void impossible_settings_are_refused_naming_them() {
        assertInvalid(() -> PersistenceConfig.builder().maxBackups(0).build(), "maxBackups");
        assertInvalid(() -> PersistenceConfig.builder().cacheSize(0).build(), "cacheSize");
        assertInvalid(() -> PersistenceConfig.builder().backupInterval(Duration.ofSeconds(-1)).build(), "backupInterval");
        assertInvalid(() -> PersistenceConfig.builder().busyTimeout(Duration.ofMillis(-1)).build(), "busyTimeout");
        assertInvalid(() -> PersistenceConfig.builder().durabilityWindow(Duration.ofMillis(-1)).build(), "durabilityWindow");
        assertInvalid(() -> PersistenceConfig.builder().durabilityWindow(Duration.ofMillis(9)).build(), "durabilityWindow");
        assertInvalid(() -> PersistenceConfig.builder().triggerPurgeInterval(Duration.ofMillis(-1)).build(),
                "triggerPurgeInterval");
    }

    @Test
    void fromConfig_reads_system_properties() {
        Map<String, String> props = Map.of(
                "latzero.persistence.data-dir", "/srv/latzero",
                "latzero.persistence.memory-mode", "true",
                "latzero.persistence.wal-mode", "off",
                "latzero.persistence.cache-size", "-4000",
                "latzero.persistence.backup-interval", "PT1H",
                "latzero.persistence.max-backups", "3",
                "latzero.persistence.synchronous", "normal");
        props.forEach(System::setProperty);
        releaseConfig();
        try {
            PersistenceConfig config = PersistenceConfig.fromConfig();
            assertThat(config.dataDir()).isEqualTo(Path.of("/srv/latzero"));
            assertThat(config).extracting(PersistenceConfig::memoryMode, PersistenceConfig::walMode, PersistenceConfig::cacheSize,
                            PersistenceConfig::backupInterval, PersistenceConfig::maxBackups, PersistenceConfig::synchronous)
                    .containsExactly(true, false, -4000, Duration.ofHours(1), 3, Synchronous.NORMAL);
        } finally {
            props.keySet().forEach(System::clearProperty);
            releaseConfig();
        }
    }

    @Test
    void fromConfig_reads_environment_variables_by_their_env_names() {
        Config config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "LATZERO_PERSISTENCE_DATA_DIR", "/var/lib/latzero",
                "LATZERO_PERSISTENCE_MAX_BACKUPS", "12",
                "LATZERO_PERSISTENCE_BACKUP_INTERVAL", "30m",
                "LATZERO_PERSISTENCE_TRIGGER_PURGE_INTERVAL", "500ms",
                "LATZERO_PERSISTENCE_BUSY_TIMEOUT", "2500"), 300)).build();
        PersistenceConfig read = MicroProfileConfigReader.read(config);
        assertThat(read.dataDir()).isEqualTo(Path.of("/var/lib/latzero"));
        assertThat(read.maxBackups()).isEqualTo(12);
        assertThat(read.backupInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(read.triggerPurgeInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(read.busyTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(read.walMode()).as("unset keys keep their defaults").isTrue();
    }

    @Test
    void a_home_relative_data_dir_is_expanded() {
        assertThat(read(Map.of("latzero.persistence.data-dir", "~/lz")).dataDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), "lz"));
    }

    @Test
    void durations_take_iso_unit_and_millisecond_forms() {
        assertThat(read(Map.of("latzero.persistence.backup-interval", "7d")).backupInterval()).isEqualTo(Duration.ofDays(7));
        assertThat(read(Map.of("latzero.persistence.backup-interval", "45s")).backupInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(read(Map.of("latzero.persistence.backup-interval", "2h")).backupInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(read(Map.of("latzero.persistence.backup-interval", "3600000")).backupInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(read(Map.of("latzero.persistence.backup-interval", "0")).backupInterval()).isZero();
        assertThat(read(Map.of("latzero.persistence.durability-window", "0")).durabilityWindow()).as("off").isZero();
        assertThat(read(Map.of("latzero.persistence.durability-window", "1s")).durabilityWindow()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void bad_values_are_refused_naming_the_key() {
        Map<String, String> bad = Map.of(
                "latzero.persistence.cache-size", "lots",
                "latzero.persistence.memory-mode", "maybe",
                "latzero.persistence.synchronous", "SOMETIMES",
                "latzero.persistence.backup-interval", "soon",
                "latzero.persistence.max-backups", "0",
                "latzero.persistence.trigger-purge-interval", "-5s",
                "latzero.persistence.durability-window", "1ms",
                "latzero.persistence.entity-classes", "com.example.Missing");
        bad.forEach((key, value) -> assertInvalid(() -> read(Map.of(key, value)), key));
    }

    private static PersistenceConfig read(Map<String, String> values) {
        return MicroProfileConfigReader.read(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 400)).build());
    }

    private static void releaseConfig() {
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }
}
