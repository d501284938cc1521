package io.latzero.persistence.config;

import static io.latzero.persistence.testing.TestManagers.assertInvalid;
import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.testing.SharedManager;
import io.latzero.persistence.testing.TestManagers;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerConfigTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    /** A typed configuration value. */
    record Limits(int maxApps, List<String> regions) {
    }

    @Test
    void any_json_value_reads_back_as_saved() {
        Map<String, Object> values = Map.of(
                "object", Map.of("newFeature", true, "nested", Map.of("n", 1)),
                "array", List.of(1, "two", false),
                "string", "hello",
                "integer", 42,
                "decimal", 2.5,
                "boolean", true);
        values.forEach((k, v) -> persistence.saveServerConfig("json-" + k, v));
        values.forEach((k, v) -> assertThat(persistence.loadServerConfig("json-" + k)).contains(v));
    }

    @Test
    void saving_again_replaces_the_value() {
        String key = unique("flags");
        persistence.saveServerConfig(key, Map.of("a", 1));
        persistence.saveServerConfig(key, Map.of("b", 2));
        assertThat(persistence.loadServerConfig(key)).contains(Map.of("b", 2));
    }

    @Test
    void a_value_reads_back_as_the_requested_type() {
        String key = unique("limits");
        persistence.saveServerConfig(key, new Limits(5, List.of("eu", "us")));
        assertThat(persistence.loadServerConfig(key, Limits.class)).contains(new Limits(5, List.of("eu", "us")));
        assertThat(persistence.loadServerConfig(key)).contains(Map.of("maxApps", 5, "regions", List.of("eu", "us")));
        assertInvalid(() -> persistence.loadServerConfig(key, null), "type");
    }

    @Test
    void an_unknown_key_is_empty() {
        assertThat(persistence.loadServerConfig(unique("missing"))).isEmpty();
        assertThat(persistence.loadServerConfig(unique("missing"), String.class)).isEmpty();
    }

    @Test
    void removeServerConfig_reports_whether_the_key_was_there() {
        String key = unique("gone");
        persistence.saveServerConfig(key, "v");
        assertThat(persistence.removeServerConfig(key)).isTrue();
        assertThat(persistence.loadServerConfig(key)).isEmpty();
        assertThat(persistence.removeServerConfig(key)).isFalse();
    }

    @Test
    void values_are_stored_as_compact_json_text() throws Exception {
        String key = unique("raw");
        persistence.saveServerConfig(key, Map.of("newFeature", true));
        try (Connection c = TestManagers.readOnly(shared.databaseFile())) {
            assertThat(TestManagers.single(c, "select value from server_config where key = '" + key + "'"))
                    .isEqualTo("{\"newFeature\":true}");
        }
    }

    @Test
    void bad_keys_and_values_are_refused_naming_the_field_and_nothing_is_written() {
        String key = unique("bad");
        assertInvalid(() -> persistence.saveServerConfig(null, 1), "key");
        assertInvalid(() -> persistence.saveServerConfig("", 1), "key");
        assertInvalid(() -> persistence.saveServerConfig("k\u0000", 1), "key");
        assertInvalid(() -> persistence.loadServerConfig(" "), "key");
        assertInvalid(() -> persistence.saveServerConfig(key, Optional.of(1)), "value");
        assertInvalid(() -> persistence.saveServerConfig(key, "v".repeat(1 << 20)), "value");
        assertThat(persistence.loadServerConfig(key)).isEmpty();
    }

    @Test
    void sql_looking_keys_and_values_are_stored_verbatim() {
        String key = "k'; DROP TABLE server_config; --" + unique("");
        persistence.saveServerConfig(key, "'); DELETE FROM server_config; --");
        assertThat(persistence.loadServerConfig(key)).contains("'); DELETE FROM server_config; --");
    }
}
