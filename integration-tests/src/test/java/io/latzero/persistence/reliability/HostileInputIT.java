package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.trigger.TriggerRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input through the public API, 1,000 tries per parameter ({@link HostileInputs}, seeded): ids,
 * names, every JSON-carrying parameter (create and update) and trigger ttls. Each call either succeeds and reads
 * back what it returned, or fails with a documented exception type and writes nothing (no row, no change, no event);
 * the database passes integrity_check afterwards. JSON values are also held to {@link ExpectedJson}: a value JSON
 * cannot hold (a non-finite number at any depth, an unpaired surrogate, an unserialisable object, a cycle) must be
 * refused, an accepted one must read back exactly (control characters included), and a storable one must never be
 * refused as that parameter. {@code -Dlatzero.hostile.seed} replays a run; the seed is in the figure line and in
 * every failure message.
 * SQLite only: it makes some 10,000 calls on one store and ends with SQLite's integrity_check; the refusals come
 * from the library's validation, which runs before any SQL on every backend (the contract suite checks them on
 * PostgreSQL too).
 */
class HostileInputIT {
    private static final List<Class<? extends RuntimeException>> DOCUMENTED =
            List.of(InvalidInputException.class, AlreadyExistsException.class);
    private static final String TARGET = "hostile-target";
    private static Path dir;
    private static PersistenceManager pm;
    private static final AtomicInteger events = new AtomicInteger();
    private static final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    /** Server config keys saved so far (a saved JSON null loads as empty, so loading cannot tell). */
    private static final Set<String> savedKeys = new HashSet<>();
    private static final int TRIES = 1_000;
    private static final long SEED = Long.getLong("latzero.hostile.seed", System.nanoTime());

    /** What one call must do with its JSON value or ttl, held against the outcome by {@link #attempt}. */
    private record Expect(String field, String refusal, boolean hasControl, Consumer<Object> readBack) {

        /** {@code input} passed as {@code field}, which {@code readBack} must find stored as {@link ExpectedJson} says. */
        static Expect json(String field, Object input, BiConsumer<ExpectedJson, Object> readBack) {
            ExpectedJson expected = ExpectedJson.of(input);
            return new Expect(field, expected.refused() ? expected.refusal().name() : null, expected.hasControl(),
                    result -> readBack.accept(expected, result));
        }
    }

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("latzero-hostile-input");
        // NORMAL: thousands of single-row commits; durability is the crash test's subject.
        pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).synchronous(Synchronous.NORMAL)
                .backupInterval(Duration.ZERO).build());
        pm.initialize();
        pm.registerApp(TARGET, List.of(), List.of(), Map.of());
        pm.createPool(TARGET, PoolType.LOCAL, false, Map.of());
        pm.createMemoryBlock(TARGET, 1, BlockType.JSON, Map.of());
        pm.on(PersistenceEvent.class, e -> events.incrementAndGet());
    }

    @AfterAll
    static void close() {
        long rows = pm.getStats().rowCounts().values().stream().mapToLong(Long::longValue).sum();
        pm.close();
        String integrity = RawSqlite.integrityCheck(dir.resolve("latzero.db"));
        outcomes.forEach((what, counts) -> System.out.println("HOSTILE-INPUT " + what + ": " + counts));
        System.out.println("HOSTILE-INPUT: integrity_check " + integrity + ", " + rows + " rows, " + events.get()
                + " events, 0 undocumented exceptions, 0 rows written or changed on rejection, every storable JSON"
                + " value read back exactly; seed " + SEED + " (replay with -Dlatzero.hostile.seed=" + SEED + ")");
        assertThat(integrity).isEqualTo("ok");
        deleteTree(dir);
    }

    // ------------------------------------------------------------------ tries

    @Test
    void hostile_input_to_registerApp() {
        forEachTry("registerApp", in -> {
            String id = in.text();
            List<String> triggers = in.list();
            List<String> pools = in.list();
            Map<String, Object> meta = in.json();
            attempt("registerApp", "app_registry", null, Expect.json("metadata", meta, HostileInputIT::sameValue),
                    () -> pm.registerApp(id, triggers, pools, meta), created -> {
                        assertThat(pm.getApp(id)).contains(created);
                        return created.meta();
                    });
        });
    }

    @Test
    void hostile_input_to_createPool() {
        forEachTry("createPool", in -> {
            String name = in.text();
            Map<String, Object> properties = in.json();
            PoolType type = PoolType.values()[Math.floorMod(name.hashCode(), PoolType.values().length)];
            attempt("createPool", "pool_metadata", null, Expect.json("properties", properties, (expected, stored) ->
                            sameValue(expected, without(expected, "description", "owners", "policies"), stored)),
                    () -> pm.createPool(name, type, name.length() % 2 == 0, properties), created -> {
                        assertThat(pm.getPool(name)).contains(created);
                        return created.config();
                    });
        });
    }

    @Test
    void hostile_input_to_createMemoryBlock() {
        forEachTry("createMemoryBlock", in -> {
            String id = in.text();
            long size = in.anyLong();
            Map<String, Object> options = in.json();
            attempt("createMemoryBlock", "memory_blocks", null, Expect.json("options", options, (expected, stored) ->
                            sameValue(expected, without(expected, "name", "pool", "persistent", "encrypted", "permissions"),
                                    stored)),
                    () -> pm.createMemoryBlock(id, size, BlockType.JSON, options), created -> {
                        assertThat(pm.getMemoryBlock(id)).contains(created);
                        return created.config();
                    });
        });
    }

    @Test
    void hostile_meta_to_updateApp() {
        updates("updateApp meta", "meta", () -> pm.getApp(TARGET),
                meta -> pm.updateApp(TARGET, AppUpdate.builder().meta(meta).build()), App::meta);
    }

    @Test
    void hostile_policies_to_updatePool() {
        updates("updatePool policies", "policies", () -> pm.getPool(TARGET),
                policies -> pm.updatePool(TARGET, PoolUpdate.builder().policies(policies).build()), Pool::policies);
    }

    @Test
    void hostile_config_to_updatePool() {
        updates("updatePool config", "config", () -> pm.getPool(TARGET),
                config -> pm.updatePool(TARGET, PoolUpdate.builder().config(config).build()), Pool::config);
    }

    @Test
    void hostile_permissions_to_updateMemoryBlock() {
        updates("updateMemoryBlock permissions", "permissions", () -> pm.getMemoryBlock(TARGET),
                permissions -> pm.updateMemoryBlock(TARGET, MemoryBlockUpdate.builder().permissions(permissions).build()),
                MemoryBlock::permissions);
    }

    @Test
    void hostile_config_to_updateMemoryBlock() {
        updates("updateMemoryBlock config", "config", () -> pm.getMemoryBlock(TARGET),
                config -> pm.updateMemoryBlock(TARGET, MemoryBlockUpdate.builder().config(config).build()),
                MemoryBlock::config);
    }

    @Test
    void hostile_input_to_saveServerConfig() {
        forEachTry("saveServerConfig", in -> {
            String key = in.text();
            Object value = in.jsonValue();
            boolean existed = savedKeys.contains(key);
            attempt("saveServerConfig", existed ? null : "server_config", existed ? () -> pm.loadServerConfig(key) : null,
                    Expect.json("value", value, HostileInputIT::sameValue), () -> {
                        pm.saveServerConfig(key, value);
                        savedKeys.add(key);
                        return key;
                    }, saved -> pm.loadServerConfig(key).orElse(null));
        });
    }

    @Test
    void hostile_input_to_createTriggerRecord() {
        forEachTry("createTriggerRecord", in -> {
            String id = in.text();
            String origin = in.text();
            String destination = in.text();
            String process = in.text();
            long connection = in.anyLong();
            Duration ttl = in.ttl();
            attempt("createTriggerRecord", "trigger_records", null, expectTtl(ttl), () -> pm.createTriggerRecord(id,
                    origin, connection, destination, null, process, ttl), created -> {
                        assertThat(pm.getTriggerRecord(id)).contains(created);
                        return created;
                    });
        });
    }

    /** Tries generated values for {@code field} of one update on the target record, read back through {@code current}. */
    private static <T> void updates(String what, String field, Supplier<Optional<T>> current,
                                    Function<Map<String, Object>, T> update, Function<T, Object> stored) {
        forEachTry(what, in -> {
            Map<String, Object> value = in.json();
            attempt(what, null, current, Expect.json(field, value, HostileInputIT::sameValue), () -> update.apply(value),
                    updated -> {
                        assertThat(current.get()).contains(updated);
                        return stored.apply(updated);
                    });
        });
    }

    /** A ttl must be refused when under 1 ms or past the largest epoch millisecond; else it is kept in whole ms. */
    private static Expect expectTtl(Duration ttl) {
        String refusal = null;
        if (ttl == null || ttl.compareTo(Duration.ofMillis(1)) < 0) {
            refusal = "TTL_UNDER_1_MS";
        } else if (ttl.compareTo(Duration.ofMillis(Long.MAX_VALUE - Instant.now().toEpochMilli())) > 0) {
            refusal = "TTL_PAST_LONG_MAX_EPOCH_MS";
        }
        return new Expect("ttl", refusal, false, created -> {
            TriggerRecord record = (TriggerRecord) created;
            assertThat(record.ttl()).isEqualTo(Duration.ofMillis(ttl.toMillis()));
            assertThat(record.expiresAt()).isEqualTo(record.created().plus(record.ttl()));
        });
    }

    private static void sameValue(ExpectedJson expected, Object stored) {
        sameValue(expected, expected.value(), stored);
    }

    private static void sameValue(ExpectedJson expected, Object value, Object stored) {
        assertThat(stored).as("read back").isEqualTo(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> without(ExpectedJson expected, String... columnKeys) {
        Map<String, Object> rest = new HashMap<>((Map<String, Object>) expected.value());
        List.of(columnKeys).forEach(rest::remove);
        return rest;
    }

    /** Runs {@code body} {@value #TRIES} times on one seeded stream per parameter; a failure names seed and try. */
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

    /**
     * Runs one call. On success {@code check} must hold, the stored value must be what {@code expect} says and (if
     * {@code table} is given) exactly one row was added. On failure the exception is a documented type, no row and
     * no event were added and {@code state} (if given) reads as before; a value {@code expect} says must be refused
     * must not succeed, and one it says is storable must not be refused as its parameter.
     */
    private static <T> void attempt(String what, String table, Supplier<?> state, Expect expect, Supplier<T> call,
                                    Function<T, Object> check) {
        Map<String, Long> before = pm.getStats().rowCounts();
        Object stateBefore = state == null ? null : state.get();
        int eventsBefore = events.get();
        String outcome;
        try {
            T result = call.get();
            assertThat(expect.refusal()).as(what + " accepted a value it must refuse").isNull();
            expect.readBack().accept(check.apply(result));
            if (table != null) {
                assertThat(pm.getStats().rowCounts().get(table)).as(what + " added one row").isEqualTo(before.get(table) + 1);
            }
            outcome = expect.hasControl() ? "accepted with control characters, read back exactly" : "accepted";
        } catch (RuntimeException e) {
            assertThat(DOCUMENTED).as(what + " threw an undocumented " + e).anyMatch(t -> t.isInstance(e));
            assertThat(pm.getStats().rowCounts()).as(what + " rejected but wrote").isEqualTo(before);
            assertThat(events.get()).as(what + " rejected but fired an event").isEqualTo(eventsBefore);
            if (state != null) {
                assertThat(state.get()).as(what + " rejected but changed the record").isEqualTo(stateBefore);
            }
            if (expect.refusal() != null) {
                assertThat(e).as(what + " must refuse " + expect.refusal() + " before anything else").isInstanceOf(
                        InvalidInputException.class);
            } else if (e instanceof InvalidInputException invalid) {
                assertThat(invalid.field()).as(what + " refused a storable value: " + e).isNotEqualTo(expect.field());
            }
            outcome = e.getClass().getSimpleName() + (expect.refusal() == null ? "" : " (held " + expect.refusal() + ")");
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
