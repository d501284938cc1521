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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile input through the public API, 1,000 tries per entity type (jqwik): ids, names, JSON metadata and
 * options. Each call either succeeds and reads back what it returned, or fails with a documented exception type and
 * writes nothing (no row, no event); the database passes integrity_check afterwards.
 */
class HostileInputIT {
    private static final List<Class<? extends RuntimeException>> DOCUMENTED =
            List.of(InvalidInputException.class, AlreadyExistsException.class);
    private static Path dir;
    private static PersistenceManager pm;
    private static final AtomicInteger events = new AtomicInteger();
    private static final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("latzero-hostile-input");
        // NORMAL: thousands of single-row commits; durability is the crash test's subject.
        pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).synchronous(Synchronous.NORMAL)
                .backupInterval(Duration.ZERO).build());
        pm.initialize();
        pm.on(PersistenceEvent.class, e -> events.incrementAndGet());
    }

    @AfterContainer
    static void close() {
        long rows = pm.getStats().rowCounts().values().stream().mapToLong(Long::longValue).sum();
        pm.close();
        String integrity = RawSqlite.integrityCheck(dir.resolve("latzero.db"));
        outcomes.forEach((what, counts) -> System.out.println("HOSTILE-INPUT " + what + ": " + counts));
        System.out.println("HOSTILE-INPUT: integrity_check " + integrity + ", " + rows + " rows, " + events.get()
                + " events, 0 undocumented exceptions, 0 rows written on rejection");
        assertThat(integrity).isEqualTo("ok");
        deleteTree(dir);
    }

    // ------------------------------------------------------------------ generators

    @Provide
    @SuppressWarnings("unchecked")
    static Arbitrary<String> hostileText() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().alpha().numeric().withChars("-_.:/ ").ofMinLength(1).ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("\uD800\uDC00\uFFFF\u202E")
                        .ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(300)),
                Tuple.of(2, Arbitraries.of("", " ", "\t", "..", "../x", "/etc/passwd", "file:x.db?mode=memory", "x\u0000y",
                        "'; drop table app_registry;--", "\" or 1=1 --", "\uD800", "\uDC00x", "a\u202Eb", "%00", "\\",
                        "null", "NaN", "\u0130\u0131", "x".repeat(256), "x".repeat(257), "\uFEFF", "app\r\nInjected: 1")));
    }

    @Provide
    @SuppressWarnings("unchecked")
    static Arbitrary<Map<String, Object>> hostileJson() {
        Arbitrary<Object> leaf = Arbitraries.frequencyOf(
                Tuple.of(4, hostileText().map(s -> (Object) s)),
                Tuple.of(2, Arbitraries.integers().map(i -> (Object) i)),
                Tuple.of(2, Arbitraries.doubles().map(d -> (Object) d)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Long.MIN_VALUE, true, new Object(),
                        Optional.empty(), Thread.State.NEW, new StringBuilder("sb")).map(o -> (Object) o)),
                Tuple.of(1, Arbitraries.just((Object) null)));
        Arbitrary<Object> nested = Arbitraries.lazyOf(
                () -> leaf,
                () -> Arbitraries.maps(hostileText(), leaf).ofMaxSize(3).map(m -> (Object) m),
                () -> leaf.list().ofMaxSize(3).map(l -> (Object) l));
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.maps(hostileText(), nested).ofMaxSize(5)),
                Tuple.of(1, Arbitraries.of("deep", "huge", "cyclic").map(HostileInputIT::special)));
    }

    private static Map<String, Object> special(String kind) {
        Map<String, Object> map = new HashMap<>();
        switch (kind) {
            case "deep" -> {
                Map<String, Object> inner = map;
                for (int i = 0; i < 2_000; i++) {
                    Map<String, Object> next = new HashMap<>();
                    inner.put("d", next);
                    inner = next;
                }
            }
            case "huge" -> map.put("big", "x".repeat((1 << 20) + 10));
            default -> map.put("self", map);
        }
        return map;
    }

    @Provide
    static Arbitrary<List<String>> hostileList() {
        return Arbitraries.oneOf(hostileText().list().ofMaxSize(4),
                Arbitraries.just(new ArrayList<String>(java.util.Arrays.asList("ok", null))), Arbitraries.just(null));
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 1000)
    void registerApp(@ForAll("hostileText") String id, @ForAll("hostileList") List<String> triggers,
                     @ForAll("hostileList") List<String> pools, @ForAll("hostileJson") Map<String, Object> meta) {
        attempt("registerApp", "app_registry", () -> pm.registerApp(id, triggers, pools, meta),
                created -> assertThat(pm.getApp(id)).contains(created));
    }

    @Property(tries = 1000)
    void createPool(@ForAll("hostileText") String name, @ForAll("hostileJson") Map<String, Object> properties) {
        PoolType type = PoolType.values()[Math.floorMod(name.hashCode(), PoolType.values().length)];
        attempt("createPool", "pool_metadata", () -> pm.createPool(name, type, name.length() % 2 == 0, properties),
                created -> assertThat(pm.getPool(name)).contains(created));
    }

    @Property(tries = 1000)
    void createMemoryBlock(@ForAll("hostileText") String id, @ForAll long size,
                           @ForAll("hostileJson") Map<String, Object> options) {
        attempt("createMemoryBlock", "memory_blocks", () -> pm.createMemoryBlock(id, size, BlockType.JSON, options),
                created -> assertThat(pm.getMemoryBlock(id)).contains(created));
    }

    @Property(tries = 1000)
    void saveServerConfig(@ForAll("hostileText") String key, @ForAll("hostileJson") Map<String, Object> value) {
        boolean existed = isValidKey(key) && pm.loadServerConfig(key).isPresent();
        attempt("saveServerConfig", existed ? null : "server_config", () -> {
            pm.saveServerConfig(key, value);
            return key;
        }, saved -> assertThat(pm.loadServerConfig(key)).isPresent());
    }

    @Property(tries = 1000)
    void createTriggerRecord(@ForAll("hostileText") String id, @ForAll("hostileText") String origin,
                             @ForAll("hostileText") String destination, @ForAll("hostileText") String process,
                             @ForAll long connection, @ForAll long ttlMillis) {
        attempt("createTriggerRecord", "trigger_records", () -> pm.createTriggerRecord(id, origin, connection,
                destination, null, process, Duration.ofMillis(ttlMillis)),
                created -> assertThat(pm.getTriggerRecord(id)).contains(created));
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
    private static <T> void attempt(String what, String table, Supplier<T> call, java.util.function.Consumer<T> check) {
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
