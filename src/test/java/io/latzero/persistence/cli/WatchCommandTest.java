package io.latzero.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.pool.PoolType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void watch_from_a_revision_prints_each_later_change_as_one_json_line() throws Exception {
        Path dir = tmp.resolve("data");
        try (PersistenceManager persistence = new PersistenceManager(
                PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build())) {
            persistence.initialize();
            persistence.registerApp("app-1", List.of(), List.of("p1"), Map.of("v", 1));
            persistence.createPool("p1", PoolType.GLOBAL, false, Map.of());
            persistence.saveServerConfig("mode", "fast");
            persistence.removeApp("app-1");
        }

        LatZeroCliTest.Run run = LatZeroCliTest.run("watch", "--from", "1", "--limit", "3", "--data-dir", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().split("\\R")) {
            lines.add(Json.mapper().readTree(line));
        }
        assertThat(lines).extracting(l -> l.get("revision").asLong()).containsExactly(2L, 3L, 4L);
        assertThat(lines).extracting(l -> l.get("type").asText())
                .containsExactly("PoolCreated", "ServerConfigSaved", "AppRemoved");
        assertThat(lines.get(0).get("event").get("pool").get("type").asText()).isEqualTo("global");
        assertThat(lines.get(1).get("event").get("value").asText()).isEqualTo("fast");
        assertThat(lines.get(2).get("origin").asText()).isNotBlank();
        assertThat(lines.get(2).get("local").asBoolean()).isFalse();
    }

    @Test
    void watch_from_compacted_history_fails_with_one_line() {
        Path dir = tmp.resolve("compacted");
        try (PersistenceManager persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dir)
                .backupInterval(Duration.ZERO).changeLogMaxChanges(1).build())) {
            persistence.initialize();
            persistence.registerApp("a", List.of(), List.of(), Map.of());
            persistence.registerApp("b", List.of(), List.of(), Map.of());
            persistence.changes().compact();
        }

        LatZeroCliTest.Run run = LatZeroCliTest.run("watch", "--from", "0", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("oldest revision still held is 2").doesNotContain("\tat ");
    }
}
