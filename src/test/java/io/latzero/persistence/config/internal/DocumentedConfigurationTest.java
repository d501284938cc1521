package io.latzero.persistence.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code config/latzero-persistence.properties} and the README's configuration table in step with
 * {@link MicroProfileConfigReader}: every key the reader reads is documented with its default, and every
 * documented key is one the reader parses.
 */
class DocumentedConfigurationTest {
    private static final Path DOCUMENTED = Path.of("config", "latzero-persistence.properties");
    private static final Path README = Path.of("README.md");

    private static Map<String, String> documented() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(DOCUMENTED, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    private static Config configOf(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    /** The keys {@link MicroProfileConfigReader#read(Config)} asks a config for. */
    private static Set<String> keysTheReaderReads() {
        Config empty = configOf(Map.of());
        Set<String> asked = new TreeSet<>();
        Config recording = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("getOptionalValue") || method.getName().startsWith("getValue")) {
                        asked.add((String) args[0]);
                    }
                    try {
                        return method.invoke(empty, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MicroProfileConfigReader.read(recording);
        return asked;
    }

    @Test
    void the_file_documents_exactly_the_keys_the_reader_reads() throws IOException {
        assertThat(keysTheReaderReads()).contains("latzero.persistence.data-dir");
        assertThat(new TreeSet<>(documented().keySet()))
                .as("a key MicroProfileConfigReader reads must be documented with its default in %s "
                        + "(and in the README's configuration table), and nothing else", DOCUMENTED)
                .isEqualTo(keysTheReaderReads());
    }

    @Test
    void the_documented_values_are_the_defaults() throws IOException {
        assertThat(MicroProfileConfigReader.read(configOf(documented()))).isEqualTo(PersistenceConfig.defaults());
    }

    @Test
    void every_documented_key_is_parsed_and_a_bad_value_is_refused_naming_it() throws IOException {
        for (String key : documented().keySet()) {
            Map<String, String> values = new HashMap<>(documented());
            values.put(key, "\u0000not a value");

            assertThatThrownBy(() -> MicroProfileConfigReader.read(configOf(values)))
                    .as(key)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(key));
        }
    }

    @Test
    void every_key_has_a_comment_line_right_above_it() throws IOException {
        List<String> lines = Files.readAllLines(DOCUMENTED, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MicroProfileConfigReader.PREFIX)) {
                assertThat(i).as(lines.get(i)).isPositive();
                assertThat(lines.get(i - 1)).as("comment above " + lines.get(i)).startsWith("# ").hasSizeGreaterThan(20);
            }
        }
    }

    @Test
    void the_readme_table_lists_every_key_with_its_environment_variable() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (String key : documented().keySet()) {
            String env = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            assertThat(readme).as(key).containsPattern("\\| `" + key.replace(".", "\\.") + "` \\| `" + env + "` \\|");
        }
    }
}
