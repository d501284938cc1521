package io.latzero.persistence.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.Synchronous;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ready-to-copy files in {@code config/} are valid configurations meaning what their comments say. */
class ConfigFilesTest {
    @Test
    void the_production_sqlite_file_is_a_valid_configuration() throws IOException {
        PersistenceConfig config = read("production-sqlite.properties");

        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/latzero"));
        assertThat(config.walMode()).isTrue();
        assertThat(config.synchronous()).isEqualTo(Synchronous.FULL);
        assertThat(config.busyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.cacheSize()).isEqualTo(-65536);
        assertThat(config.backupInterval()).isEqualTo(Duration.ofHours(6));
        assertThat(config.maxBackups()).isEqualTo(28);
        assertThat(config.entityClasses()).isEmpty();
    }

    @Test
    void the_postgresql_file_is_a_valid_configuration() throws IOException {
        PersistenceConfig config = read("postgresql.properties");

        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/latzero"));
        assertThat(config.backupInterval()).isEqualTo(Duration.ofHours(24));
    }

    private static PersistenceConfig read(String file) throws IOException {
        Path path = Path.of("config", file);
        return MicroProfileConfigReader.read(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(path.toUri().toURL(), 100))
                .build());
    }
}
