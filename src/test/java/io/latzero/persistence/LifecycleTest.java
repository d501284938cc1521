package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.testing.GuardedCalls;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    @TempDir
    Path dir;

    @Test
    void every_call_before_initialize_is_refused_and_touches_no_disk() {
        Path data = dir.resolve("data");
        PersistenceManager persistence = new PersistenceManager(TestManagers.config(data).build());
        GuardedCalls.of(data).forEach((name, call) -> assertThatThrownBy(() -> call.accept(persistence))
                .as(name).isInstanceOf(IllegalStateException.class).hasMessageContaining("initialize()"));
        assertThat(data).doesNotExist();
    }

    @Test
    void every_call_after_shutdown_is_refused() {
        PersistenceManager persistence = TestManagers.open(dir);
        persistence.shutdown();
        GuardedCalls.of(dir).forEach((name, call) -> assertThatThrownBy(() -> call.accept(persistence))
                .as(name).isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down"));
        assertThatThrownBy(persistence::initialize).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void initialize_and_shutdown_are_idempotent_and_close_is_shutdown() {
        PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir).build());
        persistence.shutdown();
        persistence = new PersistenceManager(TestManagers.config(dir).build());
        persistence.initialize();
        persistence.initialize();
        persistence.registerApp("a", List.of(), List.of(), Map.of());
        persistence.close();
        persistence.shutdown();
        persistence.close();
        assertThatThrownBy(persistence::getAllApps).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listeners_and_settings_are_available_before_initialize() {
        PersistenceConfig config = TestManagers.config(dir).build();
        PersistenceManager persistence = new PersistenceManager(config);
        assertThat(persistence.config()).isEqualTo(config);
        persistence.on(io.latzero.persistence.event.AppRegistered.class, e -> { }).close();
        assertThat(new PersistenceManager().config()).isEqualTo(PersistenceConfig.defaults());
        assertThatThrownBy(() -> new PersistenceManager(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void data_survives_close_and_reopen() {
        App app;
        Pool pool;
        MemoryBlock block;
        try (PersistenceManager first = TestManagers.open(TestManagers.config(dir).synchronous(Synchronous.FULL).build())) {
            first.registerApp("keep", List.of("t"), List.of("p"), Map.of("n", List.of(1, 2), "s", "x"));
            app = first.updateApp("keep", AppUpdate.builder().rehydrated(true).build());
            pool = first.createPool("p", PoolType.GLOBAL, true, Map.of("owners", List.of("keep"), "extra", 1.5));
            block = first.updateMemoryBlock(first.createMemoryBlock("b", 8, BlockType.STREAM,
                    Map.of("pool", "p", "persistent", true)).id(), MemoryBlockUpdate.builder().name("n").build());
            first.saveServerConfig("flags", Map.of("on", true));
            first.createTriggerRecord("t", "keep", 1, "d", null, null, Duration.ofMinutes(1));
        }
        try (PersistenceManager second = TestManagers.open(dir)) {
            assertThat(second.getApp("keep")).contains(app);
            assertThat(second.getAppsByPool("p")).containsExactly(app);
            assertThat(second.getPool("p")).contains(pool);
            assertThat(second.getMemoryBlock("b")).contains(block);
            assertThat(second.getMemoryBlocksByPool("p")).containsExactly(block);
            assertThat(second.loadServerConfig("flags")).contains(Map.of("on", true));
            assertThat(second.getTriggerRecord("t")).as("trigger records are ephemeral").isEmpty();
        }
    }

    @Test
    void getStats_reports_versions_locations_and_row_counts() {
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            persistence.registerApp("b", List.of(), List.of(), Map.of());
            persistence.createPool("p", PoolType.LOCAL, false, Map.of());
            persistence.createTriggerRecord("t", "a", 1, "d", null, null, Duration.ofMinutes(1));
            PersistenceStats stats = persistence.getStats();

            assertThat(stats.schemaVersion()).isEqualTo("4");
            assertThat(stats.revision()).isEqualTo(3);
            assertThat(stats.dataDirectory()).isEqualTo(dir.toAbsolutePath().toString());
            assertThat(stats.durableDatabase()).isEqualTo(dir.resolve("latzero.db").toAbsolutePath().toString());
            assertThat(stats.memoryDatabase()).startsWith(":memory:");
            assertThat(stats.activeTransactions()).isZero();
            assertThat(stats.preparedStatements()).isPositive();
            assertThat(stats.rowCounts()).containsEntry("app_registry", 2L).containsEntry("pool_metadata", 1L)
                    .containsEntry("memory_blocks", 0L).containsEntry("server_config", 0L)
                    .containsEntry("trigger_records", 1L);
        }
    }

    @Test
    void the_data_dir_is_owner_only_and_so_are_database_and_backup_files() throws IOException {
        Path data = dir.resolve("perm");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (PersistenceManager persistence = TestManagers.open(data)) {
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            Path backup = persistence.createBackup();

            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("backups"))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.walk(data)) {
                files.filter(Files::isRegularFile).forEach(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
            assertThat(data.resolve("latzero.db-wal")).exists();
            assertThat(backup.resolveSibling(backup.getFileName() + ".sha256")).exists();
        }
    }

    @Test
    void a_second_manager_on_the_same_data_dir_is_refused_until_the_first_closes() {
        try (PersistenceManager first = TestManagers.open(dir)) {
            PersistenceManager second = new PersistenceManager(TestManagers.config(dir).build());
            assertThatThrownBy(second::initialize).isInstanceOf(StorageException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("pid " + ProcessHandle.current().pid());
            first.close();
            second.initialize();
            assertThat(second.getAllApps()).isEmpty();
            second.close();
        }
    }

    @Test
    void another_process_holding_the_data_dir_is_named_in_the_refusal() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DataDirHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("locked");
            PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir).build());
            assertThatThrownBy(persistence::initialize).isInstanceOf(StorageException.class)
                    .hasMessageContaining("pid " + holder.pid());
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        try (PersistenceManager persistence = TestManagers.open(dir)) {
            assertThat(persistence.getAllApps()).isEmpty();
        }
    }

    /** Child process of the test above: holds a data directory until killed. */
    public static final class DataDirHolder {
        public static void main(String[] args) throws InterruptedException {
            io.latzero.persistence.internal.files.DataDirectory.lock(Path.of(args[0]));
            System.out.print("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    @Test
    void a_failed_initialize_releases_everything_and_may_be_retried() {
        try (PersistenceManager holder = TestManagers.open(dir)) {
            PersistenceManager second = new PersistenceManager(TestManagers.config(dir).build());
            assertThatThrownBy(second::initialize).isInstanceOf(StorageException.class);
            assertThatThrownBy(second::getAllApps).isInstanceOf(IllegalStateException.class);
            holder.close();
            second.initialize();
            second.close();
        }
    }

    private static String mode(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return PosixFilePermissions.toString(perms);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
