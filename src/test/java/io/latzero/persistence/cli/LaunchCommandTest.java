package io.latzero.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void a_jar_inside_the_working_directory_is_named_relative_to_it() throws IOException {
        Path jar = Files.createFile(Files.createDirectories(tmp.resolve("target")).resolve("tool-cli.jar"));

        assertThat(LaunchCommand.forCodeSource(jar, tmp)).isEqualTo("java -jar target/tool-cli.jar");
    }

    @Test
    void a_jar_elsewhere_is_named_by_its_absolute_path_quoted_for_the_shell() throws IOException {
        Path jar = Files.createFile(Files.createDirectories(tmp.resolve("my tools")).resolve("it's-cli.jar"));

        assertThat(LaunchCommand.forCodeSource(jar, tmp.resolve("elsewhere")))
                .isEqualTo("java -jar '" + tmp + "/my tools/it'\\''s-cli.jar'");
    }

    @Test
    void classes_outside_a_jar_give_the_documented_jar() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("target/classes"));

        assertThat(LaunchCommand.forCodeSource(classes, tmp)).isEqualTo("java -jar " + LaunchCommand.DOCUMENTED_JAR);
        assertThat(LaunchCommand.forCodeSource(null, tmp)).isEqualTo("java -jar " + LaunchCommand.DOCUMENTED_JAR);
    }

    @Test
    void plain_words_stay_as_they_are_and_others_are_single_quoted() {
        assertThat(LaunchCommand.shellWord("/tmp/latzero-demo-1")).isEqualTo("/tmp/latzero-demo-1");
        assertThat(LaunchCommand.shellWord("/tmp/a b")).isEqualTo("'/tmp/a b'");
        assertThat(LaunchCommand.shellWord("$HOME")).isEqualTo("'$HOME'");
    }
}
