package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.PoolRemoved;
import io.latzero.persistence.event.Subscription;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.trigger.TriggerRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API tour of README.md and docs/api.md, compiled and run: every {@code java} block of README.md and of the pages
 * under docs/ appears in this file or in one of the integration tests' examples (compared line by line, ignoring
 * indentation), so the documentation cannot show code that does not compile or work.
 */
class ReadmeExamplesTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Path THIS_SOURCE = Path.of("src/test/java/io/latzero/persistence/ReadmeExamplesTest.java");
    private static final Path INTEGRATION_EXAMPLES = Path.of("integration-tests/src/test/java/io/latzero/persistence/examples");

    @TempDir
    Path dataDir;
    PersistenceManager persistence;

    @BeforeEach
    void open() {
        persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir).build());
        persistence.initialize();
        persistence.registerApp("my-app", List.of("process-data"), List.of("data-pool"), Map.of("version", "1.0.0"));
        persistence.createPool("data-pool", PoolType.LOCAL, false, Map.of("description", "Pool for data processing"));
    }

    @AfterEach
    void close() {
        persistence.close();
    }

    @Test
    void every_java_block_of_the_readme_is_in_this_test() throws IOException {
        List<List<String>> sources = new ArrayList<>();
        sources.add(trimmedLines(Files.readString(THIS_SOURCE, StandardCharsets.UTF_8)));
        try (Stream<Path> examples = Files.walk(INTEGRATION_EXAMPLES)) {
            for (Path example : examples.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(trimmedLines(Files.readString(example, StandardCharsets.UTF_8)));
            }
        }
        assertThat(javaBlocksAreInTheSources(README, sources)).isGreaterThanOrEqualTo(5);
        int inDocs = 0;
        try (Stream<Path> pages = Files.walk(DOCS)) {
            for (Path page : pages.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                inDocs += javaBlocksAreInTheSources(page, sources);
            }
        }
        assertThat(inDocs).isGreaterThanOrEqualTo(7);
    }

    /** Checks every {@code java} block of {@code page} against {@code sources}; returns how many there are. */
    private static int javaBlocksAreInTheSources(Path page, List<List<String>> sources) throws IOException {
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(page, StandardCharsets.UTF_8));
        int blocks = 0;
        while (block.find()) {
            blocks++;
            List<String> snippet = trimmedLines(block.group(1));
            assertThat(sources).as("%s block:%n%s", page, block.group(1))
                    .anySatisfy(source -> assertThat(Collections.indexOfSubList(source, snippet)).isNotNegative());
        }
        return blocks;
    }

    private static List<String> trimmedLines(String text) {
        List<String> lines = new ArrayList<>();
        text.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add);
        return lines;
    }

    @Test
    void opening_and_closing() {
        persistence.close();
        Path dataDir = this.dataDir.resolve("other");

        PersistenceConfig config = PersistenceConfig.builder()
                .dataDir(dataDir)
                .backupInterval(Duration.ofHours(1))
                .build();
        try (PersistenceManager persistence = new PersistenceManager(config)) {
            persistence.initialize();
            // ... use it; close() (or shutdown()) stops background work and releases the data directory
        }

        assertThat(dataDir.resolve("latzero.db")).exists();
    }

    @Test
    void configuration_from_microprofile_config() {
        PersistenceConfig config = PersistenceConfig.fromConfig();   // latzero.persistence.* from MicroProfile Config

        assertThat(config.maxBackups()).isEqualTo(7);
    }

    @Test
    void apps() {
        persistence.removeApp("my-app");

        App app = persistence.registerApp("my-app", List.of("process-data"), List.of("data-pool"),
                Map.of("version", "1.0.0", "description", "Data processing application"));
        Optional<App> found = persistence.getApp("my-app");
        App updated = persistence.updateApp("my-app",
                AppUpdate.builder().triggers(List.of("process-data", "validate-data")).build());
        List<App> inPool = persistence.getAppsByPool("data-pool");   // indexed: cost grows with the result only
        boolean removed = persistence.removeApp("my-app");

        assertThat(found).contains(app);
        assertThat(updated.triggers()).containsExactly("process-data", "validate-data");
        assertThat(updated.pools()).containsExactly("data-pool");
        assertThat(inPool).containsExactly(updated);
        assertThat(removed).isTrue();
    }

    @Test
    void pools_and_memory_blocks() {
        persistence.removePool("data-pool");

        Pool pool = persistence.createPool("data-pool", PoolType.LOCAL, false,
                Map.of("description", "Pool for data processing", "owners", List.of("my-app"), "region", "eu"));
        // description, owners and policies go to their columns, everything else ("region") to pool.config()
        MemoryBlock block = persistence.createMemoryBlock("data-block-1", 4096, BlockType.JSON,
                Map.of("name", "Processing Buffer", "pool", "data-pool", "persistent", true));
        MemoryBlock renamed = persistence.updateMemoryBlock("data-block-1",
                MemoryBlockUpdate.builder().name("Validated Buffer").build());   // version 1 -> 2
        List<MemoryBlock> blocks = persistence.getMemoryBlocksByPool("data-pool");

        assertThat(pool.config()).isEqualTo(Map.of("region", "eu"));
        assertThat(pool.owners()).containsExactly("my-app");
        assertThat(block.version()).isEqualTo(1);
        assertThat(renamed.version()).isEqualTo(2);
        assertThat(blocks).containsExactly(renamed);
        assertThat(persistence.getMemoryBlock("data-block-1")).contains(renamed);
    }

    @Test
    void transactions() {
        List<PoolRemoved> removals = new CopyOnWriteArrayList<>();
        persistence.on(PoolRemoved.class, removals::add);

        persistence.transaction(() -> {
            persistence.updateApp("my-app", AppUpdate.builder().meta(Map.of("version", "1.1.0")).build());
            persistence.updatePool("data-pool", PoolUpdate.builder().description("Validated data").build());
        });   // both changes commit together, then their events are delivered

        try {
            persistence.transaction(() -> {
                persistence.removePool("data-pool");
                throw new IllegalStateException("changed my mind");
            });
        } catch (IllegalStateException e) {
            // rolled back: the pool is still there and no PoolRemoved event was delivered
        }

        assertThat(persistence.getApp("my-app").orElseThrow().meta()).isEqualTo(Map.of("version", "1.1.0"));
        assertThat(persistence.getPool("data-pool").orElseThrow().description()).isEqualTo("Validated data");
        assertThat(removals).isEmpty();
    }

    @Test
    void events() {
        List<String> registered = new CopyOnWriteArrayList<>();

        Subscription subscription = persistence.on(AppRegistered.class, event -> registered.add(event.appId()));
        persistence.registerApp("other-app", List.of(), List.of(), Map.of());   // delivered after the commit
        subscription.close();

        assertThat(registered).containsExactly("other-app");
    }

    @Test
    void server_config_and_trigger_records() {
        persistence.saveServerConfig("feature_flags", Map.of("newFeature", true));
        Optional<Object> flags = persistence.loadServerConfig("feature_flags");   // decoded JSON: {newFeature=true}

        TriggerRecord trigger = persistence.createTriggerRecord("trigger-1", "my-app", 42L, "validate-data",
                "data-pool", "validate", Duration.ofMinutes(5));   // in-memory unit; purged once expired
        List<TriggerRecord> pending = persistence.getPendingTriggers("validate-data");
        persistence.markTriggerDispatched("trigger-1", "worker-app");
        persistence.completeTrigger("trigger-1");

        assertThat(flags).contains(Map.of("newFeature", true));
        assertThat(pending).containsExactly(trigger);
        assertThat(persistence.getTriggerRecord("trigger-1").orElseThrow().completed()).isTrue();
    }

    @Test
    void backups_and_stats() {
        Path backup = persistence.createBackup();   // <dataDir>/backups/latzero-<UTC timestamp>.db + .sha256
        persistence.removeApp("my-app");
        persistence.restoreBackup(backup);           // verified first; the current database is kept as a backup
        PersistenceStats stats = persistence.getStats();

        assertThat(persistence.getApp("my-app")).isPresent();
        assertThat(stats.rowCounts()).containsEntry("app_registry", 1L);
        assertThat(persistence.listBackups()).hasSize(2).contains(backup);
    }

    @Test
    void errors() {
        List<String> problems = new ArrayList<>();

        try {
            persistence.registerApp("my-app", List.of(), List.of(), Map.of());
        } catch (AlreadyExistsException e) {
            problems.add(e.getMessage());   // e.kind() is "app", e.id() is "my-app"; nothing was written
        }
        try {
            persistence.createMemoryBlock("bad-block", -1, BlockType.BINARY, Map.of());
        } catch (InvalidInputException e) {
            problems.add(e.field());        // names the refused argument: "size"
        }

        assertThat(problems).hasSize(2).endsWith("size");
        assertThat(persistence.getApp("my-app").orElseThrow().pools()).containsExactly("data-pool");
        assertThat(persistence.getMemoryBlock("bad-block")).isEmpty();
    }
}
