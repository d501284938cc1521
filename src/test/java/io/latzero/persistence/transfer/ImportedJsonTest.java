package io.latzero.persistence.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An import stores JSON columns as the file gives them, so it must refuse what a caller's value is refused for: a
 * text that would not read back exactly.
 */
class ImportedJsonTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an escaped unpaired surrogate      | {\\"x\\":\\"\\\\ud800\\"}           | unpaired surrogate
            a number beyond the double range   | {\\"x\\":1e999}                       | finite
            a bare NaN token                   | {\\"x\\":NaN}                         | not valid JSON
            """)
    void an_import_refuses_json_that_would_not_read_back_and_writes_nothing(String what, String meta, String problem)
            throws Exception {
        Path file = dir.resolve("export.ndjson");
        try (PersistenceManager source = TestManagers.open(Files.createDirectory(dir.resolve("source")))) {
            source.registerApp("a", List.of(), List.of("p"), Map.of());
            source.registerApp("b", List.of(), List.of("p"), Map.of());
            source.exportTo(file);
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        assertThat(lines.get(2)).contains("\"meta\":\"{}\"");
        lines.set(2, lines.get(2).replace("\"meta\":\"{}\"", "\"meta\":\"" + meta + "\""));
        Path hostile = dir.resolve("hostile.ndjson");
        Files.write(hostile, lines);

        try (PersistenceManager target = TestManagers.open(Files.createDirectory(dir.resolve("target")))) {
            assertThatThrownBy(() -> target.importFrom(hostile)).as(what)
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.field()).contains("line 3").contains("app_registry.meta"))
                    .hasMessageContaining(problem);
            assertThat(target.getAllApps()).isEmpty();
            assertThat(target.getAppsByPool("p")).isEmpty();
        }
    }
}
