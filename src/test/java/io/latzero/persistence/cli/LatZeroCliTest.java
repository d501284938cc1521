package io.latzero.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.pool.PoolType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LatZeroCliTest {
    @TempDir
    Path tmp;

    /** What one in-process run of the tool printed and returned. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout is not JSON: " + out, e);
            }
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LatZeroCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Path seededDataDir() {
        Path dir = tmp.resolve("data");
        try (PersistenceManager persistence = new PersistenceManager(
                PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build())) {
            persistence.initialize();
            persistence.registerApp("app-1", List.of("t1"), List.of("p1"), Map.of("version", "1.0.0"));
            persistence.registerApp("app-2", List.of(), List.of("p1", "p2"), Map.of());
            persistence.createPool("p1", PoolType.GLOBAL, true, Map.of("description", "first", "region", "eu"));
            persistence.createMemoryBlock("b1", 512, BlockType.STREAM, Map.of("pool", "p1", "name", "buffer"));
        }
        return dir;
    }

    @Test
    void demo_runs_the_usage_example_step_by_step_and_leaves_its_data_behind() {
        Path dir = tmp.resolve("demo");

        Run demo = run("demo", "--data-dir", dir.toString());

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.err()).isEmpty();
        assertThat(demo.out())
                .contains("1. new PersistenceManager(dataDir, memoryMode=false, backupInterval=1h).initialize()")
                .contains("2. registerApp(\"my-app\"", "3. createPool(\"data-pool\"", "4. createMemoryBlock(\"data-block-1\"",
                        "5. transaction {", "6. createBackup()", "7. getStats()", "8. shutdown()")
                .contains("event after commit: AppRegistered my-app", "event after commit: PoolUpdated data-pool",
                        "event after commit: BackupCreated " + dir.toAbsolutePath().resolve("backups"))
                .containsPattern("\"app_registry\" : 1,\\s+\"memory_blocks\" : 1,\\s+\"pool_metadata\" : 1")
                .endsWith("The data directory is kept; to look at it, run:" + System.lineSeparator()
                        + "  java -jar target/latzero-persistence-0.1.0-SNAPSHOT-cli.jar apps list --data-dir " + dir
                        + System.lineSeparator());
        JsonNode apps = run("apps", "list", "--data-dir", dir.toString()).json();
        assertThat(apps).hasSize(1);
        assertThat(apps.get(0).get("triggers").toString()).isEqualTo("[\"process-data\",\"validate-data\"]");
        assertThat(run("pools", "show", "data-pool", "--data-dir", dir.toString()).json().get("description").asText())
                .isEqualTo("Updated pool for data processing and validation");
    }

    @Test
    void demo_refuses_a_data_directory_that_already_holds_a_database() {
        Path dir = seededDataDir();

        Run demo = run("demo", "--data-dir", dir.toString());

        assertThat(demo.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(demo.err()).contains("already holds a LatZero database; the demo needs a fresh directory");
        assertThat(run("apps", "list", "--data-dir", dir.toString()).json()).hasSize(2);
    }

    @Test
    void apps_list_and_show_print_the_stored_apps_as_json() {
        Path dir = seededDataDir();

        Run list = run("--data-dir", dir.toString(), "apps", "list");
        Run show = run("apps", "show", "app-1", "--data-dir", dir.toString());

        assertThat(list.exitCode()).isZero();
        assertThat(list.json().findValuesAsText("appId")).containsExactly("app-1", "app-2");
        assertThat(show.exitCode()).isZero();
        JsonNode app = show.json();
        assertThat(app.get("appId").asText()).isEqualTo("app-1");
        assertThat(app.get("pools").toString()).isEqualTo("[\"p1\"]");
        assertThat(app.get("meta").get("version").asText()).isEqualTo("1.0.0");
        assertThat(Instant.parse(app.get("registered").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void pools_and_blocks_print_types_in_their_stored_form() {
        Path dir = seededDataDir();

        JsonNode pool = run("pools", "show", "p1", "--data-dir", dir.toString()).json();
        JsonNode blocks = run("blocks", "list", "--data-dir", dir.toString()).json();

        assertThat(pool.get("type").asText()).isEqualTo("global");
        assertThat(pool.get("encrypted").asBoolean()).isTrue();
        assertThat(pool.get("config").get("region").asText()).isEqualTo("eu");
        assertThat(run("pools", "list", "--data-dir", dir.toString()).json()).hasSize(1);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).get("id").asText()).isEqualTo("b1");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("stream");
        assertThat(blocks.get(0).get("version").asLong()).isEqualTo(1);
        assertThat(run("blocks", "show", "b1", "--data-dir", dir.toString()).json()).isEqualTo(blocks.get(0));
    }

    @Test
    void stats_prints_the_row_counts() {
        Path dir = seededDataDir();

        JsonNode stats = run("stats", "--data-dir", dir.toString()).json();

        assertThat(stats.get("dataDirectory").asText()).isEqualTo(dir.toAbsolutePath().toString());
        assertThat(stats.get("rowCounts").get("app_registry").asLong()).isEqualTo(2);
        assertThat(stats.get("rowCounts").get("pool_metadata").asLong()).isEqualTo(1);
        assertThat(stats.get("rowCounts").get("memory_blocks").asLong()).isEqualTo(1);
        assertThat(stats.get("synchronous").asText()).isEqualTo("FULL");
        assertThat(stats.get("durabilityWindow").isNull()).as("no durability window at FULL").isTrue();
    }

    @Test
    void verify_runs_the_full_check_and_refuses_a_damaged_database() throws IOException {
        Path dir = seededDataDir();
        long before = io.latzero.persistence.internal.store.sqlite.LiveDatabaseCheck.fullChecks();

        Run ok = run("verify", "--data-dir", dir.toString());

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.json().get("integrityCheck").asText()).isEqualTo("ok");
        assertThat(ok.json().get("database").asText()).isEqualTo(dir.resolve("latzero.db").toAbsolutePath().toString());
        assertThat(io.latzero.persistence.internal.store.sqlite.LiveDatabaseCheck.fullChecks()).isGreaterThan(before);

        Path db = dir.resolve("latzero.db");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(db.toFile(), "rw")) {
            f.seek(Files.size(db) - 4096);
            f.write(new byte[4096]);
        }
        Run damaged = run("verify", "--data-dir", dir.toString());
        assertThat(damaged.exitCode()).isEqualTo(CliErrors.STORAGE);
        assertThat(damaged.err()).contains(db.toString()).containsPattern("damaged|cannot be read");
        assertThat(run("verify", "--data-dir", tmp.resolve("none").toString()).exitCode()).isEqualTo(CliErrors.NOT_FOUND);
    }

    @Test
    void backup_then_restore_brings_back_what_was_removed_since() {
        Path dir = seededDataDir();
        Run backup = run("backup", "--data-dir", dir.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        Path file = Path.of(backup.json().get("backup").asText());
        assertThat(file).exists().hasParent(dir.toAbsolutePath().resolve("backups"));
        assertThat(backup.json().get("backups").get(0).asText()).isEqualTo(file.toString());
        try (PersistenceManager persistence = new PersistenceManager(
                PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build())) {
            persistence.initialize();
            persistence.removeApp("app-1");
        }

        Run restore = run("restore", file.getFileName().toString(), "--data-dir", dir.toString());

        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.json().get("stats").get("rowCounts").get("app_registry").asLong()).isEqualTo(2);
        assertThat(run("apps", "show", "app-1", "--data-dir", dir.toString()).exitCode()).isZero();
    }

    @Test
    void a_missing_record_exits_with_not_found_and_one_line_on_stderr() {
        Path dir = seededDataDir();

        Run show = run("apps", "show", "no-such-app", "--data-dir", dir.toString());

        assertThat(show.exitCode()).isEqualTo(CliErrors.NOT_FOUND);
        assertThat(show.out()).isEmpty();
        assertThat(show.err()).isEqualTo("latzero-persistence: app 'no-such-app' not found" + System.lineSeparator());
    }

    @Test
    void a_bad_restore_argument_exits_with_invalid_input_and_changes_nothing() {
        Path dir = seededDataDir();

        Run restore = run("restore", tmp.resolve("elsewhere.db").toString(), "--data-dir", dir.toString());

        assertThat(restore.exitCode()).isEqualTo(CliErrors.INVALID_INPUT);
        assertThat(restore.err()).startsWith("latzero-persistence: backup: ").doesNotContain("\tat ");
        assertThat(restore.err().lines()).hasSize(1);
        assertThat(run("apps", "list", "--data-dir", dir.toString()).json()).hasSize(2);
    }

    @Test
    void reading_a_directory_without_a_database_fails_without_creating_one() {
        Path dir = tmp.resolve("typo");

        Run stats = run("stats", "--data-dir", dir.toString());

        assertThat(stats.exitCode()).isEqualTo(CliErrors.NOT_FOUND);
        assertThat(stats.err()).contains("LatZero database", "not found");
        assertThat(dir).doesNotExist();
    }

    @Test
    void a_data_directory_in_use_exits_with_a_storage_error_naming_it() {
        Path dir = seededDataDir();
        try (PersistenceManager holder = new PersistenceManager(
                PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build())) {
            holder.initialize();

            Run stats = run("stats", "--data-dir", dir.toString());

            assertThat(stats.exitCode()).isEqualTo(CliErrors.STORAGE);
            assertThat(stats.err()).contains("The data directory " + dir.toAbsolutePath());
            assertThat(stats.err().lines()).hasSize(1);
        }
    }

    @Test
    void a_config_file_supplies_the_data_directory_and_the_option_overrides_it() throws IOException {
        Path dir = seededDataDir();
        Path config = tmp.resolve("cli.properties");
        Files.writeString(config, "latzero.persistence.data-dir=" + dir + "\nlatzero.persistence.cache-size=-2000\n");

        Run fromFile = run("--config", config.toString(), "apps", "list");
        Run overridden = run("--config", config.toString(), "stats", "--data-dir", tmp.resolve("other").toString());

        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.json()).hasSize(2);
        assertThat(overridden.exitCode()).isEqualTo(CliErrors.NOT_FOUND);
        assertThat(overridden.err()).contains(tmp.resolve("other").toString());
    }

    @Test
    void a_system_property_outranks_the_config_file() throws IOException {
        Path config = tmp.resolve("cli.properties");
        Files.writeString(config, "latzero.persistence.data-dir=" + seededDataDir() + "\n");
        Path fromProperty = tmp.resolve("from-property");
        System.setProperty("latzero.persistence.data-dir", fromProperty.toString());
        try {
            Run stats = run("stats", "--config", config.toString());

            assertThat(stats.exitCode()).isEqualTo(CliErrors.NOT_FOUND);
            assertThat(stats.err()).contains(fromProperty.toString());
        } finally {
            System.clearProperty("latzero.persistence.data-dir");
        }
    }

    @Test
    void memory_mode_from_the_config_file_needs_no_database_on_disk() throws IOException {
        Path config = tmp.resolve("memory.properties");
        Files.writeString(config, "latzero.persistence.memory-mode=true\n");
        Path dir = tmp.resolve("never-written");

        Run stats = run("stats", "--config", config.toString(), "--data-dir", dir.toString());

        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.json().get("durableDatabase").asText()).isEqualTo(":memory:");
        assertThat(stats.json().get("rowCounts").get("app_registry").asLong()).isZero();
        assertThat(dir).doesNotExist();
    }

    @Test
    void a_bad_value_in_the_config_file_exits_with_invalid_input_naming_the_key() throws IOException {
        Path config = tmp.resolve("bad.properties");
        Files.writeString(config, "latzero.persistence.max-backups=many\n");

        Run stats = run("stats", "--config", config.toString(), "--data-dir", seededDataDir().toString());

        assertThat(stats.exitCode()).isEqualTo(CliErrors.INVALID_INPUT);
        assertThat(stats.err()).startsWith("latzero-persistence: latzero.persistence.max-backups: cannot use 'many'");
    }

    @Test
    void a_missing_config_file_exits_with_not_found() {
        Run stats = run("stats", "--config", tmp.resolve("absent.properties").toString());

        assertThat(stats.exitCode()).isEqualTo(CliErrors.NOT_FOUND);
        assertThat(stats.err()).contains("config file", "absent.properties");
    }

    @Test
    void a_missing_or_unknown_command_is_a_usage_error() {
        Run none = run();
        Run apps = run("apps");
        Run unknown = run("frobnicate");

        assertThat(none.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(apps.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(apps.err()).contains("Missing required subcommand", "list", "show");
        assertThat(unknown.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(unknown.err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void help_lists_the_commands_and_exit_codes() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("demo", "stats", "backup", "restore", "apps", "pools", "blocks",
                "--data-dir", "--config", "Exit codes:");
    }
}
