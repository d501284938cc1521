package io.latzero.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportImportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void export_then_import_into_a_new_data_directory_copies_every_record() throws Exception {
        Path source = tmp.resolve("source");
        try (PersistenceManager persistence = open(source)) {
            persistence.registerApp("app-1", List.of("t1"), List.of("p1"), Map.of("version", "1.0.0"));
            persistence.saveServerConfig("limits", Map.of("max", 3));
        }
        Path file = tmp.resolve("all.ndjson");

        LatZeroCliTest.Run export = LatZeroCliTest.run("export", file.toString(), "--data-dir", source.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.json().path("records").path("app_registry").asLong()).isEqualTo(1);
        assertThat(export.err()).as("no progress bar without a terminal").isEmpty();
        assertThat(Files.readAllLines(file).get(0)).contains("\"formatVersion\":1");

        Path target = tmp.resolve("target");
        LatZeroCliTest.Run imported = LatZeroCliTest.run("import", file.toString(), "--data-dir", target.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.json().path("records").path("server_config").asLong()).isEqualTo(1);
        try (PersistenceManager persistence = open(target)) {
            assertThat(persistence.getAllApps()).extracting(App::appId).containsExactly("app-1");
            assertThat(persistence.loadServerConfig("limits")).contains(Map.of("max", 3));
        }
    }

    @Test
    void import_into_a_store_that_holds_records_is_refused_as_invalid_input() throws Exception {
        Path dir = tmp.resolve("data");
        try (PersistenceManager persistence = open(dir)) {
            persistence.registerApp("app-1", List.of(), List.of(), Map.of());
        }
        Path file = tmp.resolve("all.ndjson");
        assertThat(LatZeroCliTest.run("export", file.toString(), "--data-dir", dir.toString()).exitCode()).isZero();

        LatZeroCliTest.Run again = LatZeroCliTest.run("import", file.toString(), "--data-dir", dir.toString());

        assertThat(again.exitCode()).isEqualTo(6);
        assertThat(again.err()).contains("store").contains("empty");
    }

    private static PersistenceManager open(Path dir) {
        PersistenceManager persistence = new PersistenceManager(
                PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build());
        persistence.initialize();
        return persistence;
    }
}
