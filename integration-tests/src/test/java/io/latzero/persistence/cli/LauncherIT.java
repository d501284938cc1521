package io.latzero.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/latzero} runs the packaged {@code -cli.jar}: the first data command records a class-data sharing
 * archive, later runs map it, and stdout stays the command's JSON either way (the JVM's notes go to stderr).
 */
class LauncherIT {
    @TempDir
    Path tmp;

    record Result(int exitCode, String out, String err) {
    }

    private Result launch(Path cacheDir, String... args) throws IOException, InterruptedException {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("bash", "bin/latzero"), Stream.of(args)).toList())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("LATZERO_CDS_DIR", cacheDir.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("bin/latzero finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void the_first_data_command_records_the_archive_and_later_runs_use_it() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir)
                .backupInterval(Duration.ZERO).build())) {
            pm.initialize();
            pm.registerApp("app-1", List.of("t"), List.of("p"), Map.of("v", 1));
        }
        Path cache = tmp.resolve("cache");

        Result help = launch(cache, "--help");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("verify", "stats");
        assertThat(cache.toFile().list()).as("help records nothing").isNullOrEmpty();

        Result first = launch(cache, "apps", "list", "--data-dir", dataDir.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        JsonNode apps = Json.mapper().readTree(first.out());
        assertThat(apps.get(0).get("appId").asText()).isEqualTo("app-1");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).matches("cli-[0-9]+\\.jsa"));
        }

        Result second = launch(cache, "apps", "list", "--data-dir", dataDir.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(Json.mapper().readTree(second.out())).isEqualTo(apps);

        Result missing = launch(cache, "apps", "show", "nope", "--data-dir", dataDir.toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.out()).isEmpty();
        System.out.println("LAUNCHER: bin/latzero recorded one archive on its first data command, then used it; "
                + "stdout JSON only, exit codes as with java -jar");
    }

    @Test
    void a_command_after_its_options_records_the_archive_and_a_command_asked_for_help_does_not() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir)
                .backupInterval(Duration.ZERO).build())) {
            pm.initialize();
        }
        Path cache = tmp.resolve("cache");

        Result help = launch(cache, "stats", "--help");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(cache.toFile().list()).as("help records nothing").isNullOrEmpty();

        Result stats = launch(cache, "--data-dir", dataDir.toString(), "stats");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(Json.mapper().readTree(stats.out()).isObject()).isTrue();
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).matches("cli-[0-9]+\\.jsa"));
        }
    }
}
