package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.pool.PoolType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input through the public API, 1,000 tries per entity type ({@link HostileInputs}, seeded): ids,
 * names, JSON metadata and options. Each call either succeeds and reads back what it returned, or fails with a
 * documented exception type and writes nothing (no row, no event); the database passes integrity_check afterwards.
 * {@code -Dlatzero.hostile.seed} replays a run; the seed is in the figure line and in every failure message.
 */
class HostileInputIT {
    private static final List<Class<? extends RuntimeException>> DOCUMENTED =
            List.of(InvalidInputException.class, AlreadyExistsException.class);
    private static Path dir;
    private static PersistenceManager pm;
    private static final AtomicInteger events = new AtomicInteger();
    private static final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    private static final int TRIES = 1_000;
    private static final long SEED = Long.getLong("latzero.hostile.seed", System.nanoTime());

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("latzero-hostile-input");
        // NORMAL: thousands of single-row commits; durability is the crash test's subject.
        pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).synchronous(Synchronous.NORMAL)
                .backupInterval(Duration.ZERO).build());
        pm.initialize();
        pm.on(PersistenceEvent.class, e -> events.incrementAndGet());
    }

    @AfterAll
    static void close() {
        long rows = pm.getStats().rowCounts().values().stream().mapToLong(Long::longValue).sum();
        pm.close();
        String integrity = RawSqlite.integrityCheck(dir.resolve("latzero.db"));
        outcomes.forEach((what, counts) -> System.out.println("HOSTILE-INPUT " + what + ": " + counts));
        System.out.println("HOSTILE-INPUT: integrity_check " + integrity + ", " + rows + " rows, " + events.get()
                + " events, 0 undocumented exceptions, 0 rows written on rejection; seed " + SEED
                + " (replay with -Dlatzero.hostile.seed=" + SEED + ")");
        assertThat(integrity).isEqualTo("ok");
        deleteTree(dir);
    }

    // ------------------------------------------------------------------ tries

    @Test
    void registerApp() {
        forEachTry("registerApp", in -> {
            String id = in.text();
            List<String> triggers = in.list();
            List<String> pools = in.list();
            Map<String, Object> meta = in.json();
            attempt("registerApp", "app_registry", () -> pm.registerApp(id, triggers, pools, meta),
                    created -> assertThat(pm.getApp(id)).contains(created));
        });
    }

    @Test
    void createPool() {
        forEachTry("createPool", in -> {
            String name = in.text();
            Map<String, Object> properties = in.json();
            PoolType type = PoolType.values()[Math.floorMod(name.hashCode(), PoolType.values().length)];
            attempt("createPool", "pool_metadata", () -> pm.createPool(name, type, name.length() % 2 == 0, properties),
                    created -> assertThat(pm.getPool(name)).contains(created));
        });
    }

    @Test
    void createMemoryBlock() {
        forEachTry("createMemoryBlock", in -> {
            String id = in.text();
            long size = in.anyLong();
            Map<String, Object> options = in.json();
            attempt("createMemoryBlock", "memory_blocks", () -> pm.createMemoryBlock(id, size, BlockType.JSON, options),
                    created -> assertThat(pm.getMemoryBlock(id)).contains(created));
        });
    }

    @Test
    void saveServerConfig() {
        forEachTry("saveServerConfig", in -> {
            String key = in.text();
            Map<String, Object> value = in.json();
            boolean existed = isValidKey(key) && pm.loadServerConfig(key).isPresent();
            attempt("saveServerConfig", existed ? null : "server_config", () -> {
                pm.saveServerConfig(key, value);
                return key;
            }, saved -> assertThat(pm.loadServerConfig(key)).isPresent());
        });
    }

    @Test
    void createTriggerRecord() {
        forEachTry("createTriggerRecord", in -> {
            String id = in.text();
            String origin = in.text();
            String destination = in.text();
            String process = in.text();
            long connection = in.anyLong();
            long ttlMillis = in.anyLong();
            attempt("createTriggerRecord", "trigger_records", () -> pm.createTriggerRecord(id, origin, connection,
                    destination, null, process, Duration.ofMillis(ttlMillis)),
                    created -> assertThat(pm.getTriggerRecord(id)).contains(created));
        });
    }

    /** Runs {@code body} {@value #TRIES} times on one seeded stream per entity type; a failure names seed and try. */
    private static void forEachTry(String what, Consumer<HostileInputs> body) {
        HostileInputs inputs = new HostileInputs(new SplittableRandom(SEED ^ what.hashCode()));
        for (int i = 1; i <= TRIES; i++) {
            try {
                body.accept(inputs);
            } catch (RuntimeException | Error e) {
                throw new AssertionError(what + " failed on try " + i + " of " + TRIES + " with seed " + SEED
                        + " (replay with -Dlatzero.hostile.seed=" + SEED + "): " + e, e);
            }
        }
    }

    private static boolean isValidKey(String key) {
        try {
            pm.loadServerConfig(key);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * Runs one call: on success {@code check} must hold and (if {@code table} is given) exactly one row was added;
     * on failure the exception is a documented type and no row and no event were added.
     */
    private static <T> void attempt(String what, String table, Supplier<T> call, Consumer<T> check) {
        Map<String, Long> before = pm.getStats().rowCounts();
        int eventsBefore = events.get();
        String outcome;
        try {
            T result = call.get();
            check.accept(result);
            if (table != null) {
                assertThat(pm.getStats().rowCounts().get(table)).as(what + " added one row").isEqualTo(before.get(table) + 1);
            }
            outcome = "accepted";
        } catch (RuntimeException e) {
            assertThat(DOCUMENTED).as(what + " threw an undocumented " + e).anyMatch(t -> t.isInstance(e));
            assertThat(pm.getStats().rowCounts()).as(what + " rejected but wrote").isEqualTo(before);
            assertThat(events.get()).as(what + " rejected but fired an event").isEqualTo(eventsBefore);
            outcome = e.getClass().getSimpleName();
        }
        synchronized (outcomes) {
            outcomes.computeIfAbsent(what, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
