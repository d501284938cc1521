package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryModeTest {
    @TempDir
    Path dir;

    private PersistenceConfig.Builder memory(Path data) {
        return TestManagers.config(data).memoryMode(true);
    }

    @Test
    void nothing_reaches_the_disk_and_nothing_survives_a_restart() {
        Path data = dir.resolve("data");
        try (PersistenceManager persistence = TestManagers.open(memory(data).build())) {
            persistence.registerApp("a", List.of("t"), List.of("p"), Map.of("k", 1));
            persistence.updateApp("a", AppUpdate.builder().meta(Map.of("k", 2)).build());
            persistence.createPool("p", PoolType.LOCAL, false, Map.of());
            persistence.createMemoryBlock("b", 1, BlockType.JSON, Map.of("pool", "p"));
            persistence.saveServerConfig("k", "v");
            persistence.createTriggerRecord("t", "a", 1, "d", null, null, Duration.ofMinutes(1));
            assertThat(persistence.getAppsByPool("p")).extracting(App::appId).containsExactly("a");
            assertThat(persistence.getStats().durableDatabase()).isEqualTo(":memory:");
            assertThat(persistence.listBackups()).isEmpty();
        }
        assertThat(data).doesNotExist();
        try (PersistenceManager again = TestManagers.open(memory(data).build())) {
            assertThat(again.getAllApps()).isEmpty();
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void two_memory_managers_on_one_data_dir_are_independent() {
        Path data = dir.resolve("data");
        try (PersistenceManager one = TestManagers.open(memory(data).build());
             PersistenceManager two = TestManagers.open(memory(data).build())) {
            one.registerApp("only-in-one", List.of(), List.of(), Map.of());
            assertThat(two.getApp("only-in-one")).isEmpty();
        }
    }

    @Test
    void createBackup_is_the_only_write_and_restores_in_memory() throws IOException {
        Path data = dir.resolve("data");
        try (PersistenceManager persistence = TestManagers.open(memory(data).build())) {
            persistence.registerApp("before", List.of(), List.of("p"), Map.of());
            Path backup = persistence.createBackup();
            persistence.registerApp("after", List.of(), List.of(), Map.of());

            try (Stream<Path> files = Files.walk(data)) {
                assertThat(files.filter(Files::isRegularFile).map(f -> data.relativize(f).toString()))
                        .containsExactlyInAnyOrder("backups/" + backup.getFileName(),
                                "backups/" + backup.getFileName() + ".sha256");
            }
            assertThat(persistence.listBackups()).containsExactly(backup);

            persistence.restoreBackup(backup);
            assertThat(persistence.getApp("before")).isPresent();
            assertThat(persistence.getAppsByPool("p")).extracting(App::appId).containsExactly("before");
            assertThat(persistence.getApp("after")).isEmpty();
            assertThat(persistence.getStats().durableDatabase()).isEqualTo(":memory:");
            assertThat(data.resolve("latzero.db")).doesNotExist();
        }
    }

    @Test
    void no_automatic_backups_are_taken_in_memory_mode() throws InterruptedException {
        Path data = dir.resolve("data");
        try (PersistenceManager persistence = TestManagers.open(memory(data)
                .backupInterval(Duration.ofMillis(20)).build())) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            // Negative check with a positive control: the same interval produces backups in file mode
            // (BackupRestoreTest.automatic_backups_are_taken_every_interval).
            Thread.sleep(300);
            assertThat(persistence.listBackups()).isEmpty();
        }
        assertThat(data).doesNotExist();
    }
}
