package io.latzero.persistence;

import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import io.latzero.persistence.testing.SharedManager;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parameter that carries JSON accepts and refuses the same values: any valid string (control characters
 * included) reads back exactly as a value and as a key; non-finite numbers, unpaired surrogates and objects
 * Jackson cannot serialise are refused naming the parameter, and nothing is written.
 */
class JsonParametersTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    /** One JSON-carrying parameter: how to make its record, store a value through it, and read that value back. */
    private record Parameter(String field, BiConsumer<PersistenceManager, String> prepare, Store store,
                             BiFunction<PersistenceManager, String, Optional<Object>> read) {
        static Parameter ofCreate(String field, Store create, BiFunction<PersistenceManager, String, Optional<Object>> read) {
            return new Parameter(field, (pm, id) -> { }, create, read);
        }

        @Override
        public String toString() {
            return field;
        }
    }

    private interface Store {
        void apply(PersistenceManager pm, String id, Map<String, Object> value);
    }

    static Stream<Parameter> parameters() {
        BiFunction<PersistenceManager, String, Optional<Object>> meta = (pm, id) -> pm.getApp(id).map(App::meta);
        BiFunction<PersistenceManager, String, Optional<Object>> poolConfig = (pm, id) -> pm.getPool(id).map(Pool::config);
        BiFunction<PersistenceManager, String, Optional<Object>> blockConfig =
                (pm, id) -> pm.getMemoryBlock(id).map(MemoryBlock::config);
        BiConsumer<PersistenceManager, String> app = (pm, id) -> pm.registerApp(id, List.of(), List.of(), Map.of());
        BiConsumer<PersistenceManager, String> pool = (pm, id) -> pm.createPool(id, PoolType.LOCAL, false, Map.of());
        BiConsumer<PersistenceManager, String> block = (pm, id) -> pm.createMemoryBlock(id, 1, BlockType.BINARY, Map.of());
        return Stream.of(
                Parameter.ofCreate("metadata", (pm, id, value) -> pm.registerApp(id, List.of(), List.of(), value), meta),
                new Parameter("meta", app, (pm, id, value) -> pm.updateApp(id, AppUpdate.builder().meta(value).build()), meta),
                Parameter.ofCreate("properties", (pm, id, value) -> pm.createPool(id, PoolType.LOCAL, false, value), poolConfig),
                new Parameter("policies", pool,
                        (pm, id, value) -> pm.updatePool(id, PoolUpdate.builder().policies(value).build()),
                        (pm, id) -> pm.getPool(id).map(Pool::policies)),
                new Parameter("config", pool,
                        (pm, id, value) -> pm.updatePool(id, PoolUpdate.builder().config(value).build()), poolConfig),
                Parameter.ofCreate("options", (pm, id, value) -> pm.createMemoryBlock(id, 1, BlockType.BINARY, value),
                        blockConfig),
                new Parameter("permissions", block,
                        (pm, id, value) -> pm.updateMemoryBlock(id, MemoryBlockUpdate.builder().permissions(value).build()),
                        (pm, id) -> pm.getMemoryBlock(id).map(MemoryBlock::permissions)),
                new Parameter("config", block,
                        (pm, id, value) -> pm.updateMemoryBlock(id, MemoryBlockUpdate.builder().config(value).build()),
                        blockConfig),
                Parameter.ofCreate("value", PersistenceManager::saveServerConfig, PersistenceManager::loadServerConfig));
    }

    static Stream<Arguments> refusedValues() {
        List<Object> refused = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, new BigDecimal("1e400"), new Object(), "x\uD800",
                "\uDC00");
        return parameters().flatMap(p -> refused.stream().flatMap(bad -> Stream.of(
                Arguments.of(p, Map.of("x", bad)),
                Arguments.of(p, Map.of("x", Map.of("y", List.of(1, bad)))))));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("refusedValues")
    void a_value_json_cannot_hold_at_any_depth_is_refused_naming_the_parameter_and_nothing_is_written(
            Parameter parameter, Map<String, Object> value) {
        String id = unique("json");
        parameter.prepare().accept(persistence, id);
        Map<String, Long> rows = persistence.getStats().rowCounts();
        Optional<Object> stored = parameter.read().apply(persistence, id);

        assertThatThrownBy(() -> parameter.store().apply(persistence, id, value))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(parameter.field()))
                .hasMessageContaining(parameter.field() + ".x");
        assertThat(persistence.getStats().rowCounts()).isEqualTo(rows);
        assertThat(parameter.read().apply(persistence, id)).isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void a_key_with_an_unpaired_surrogate_is_refused_naming_the_parameter(Parameter parameter) {
        String id = unique("json");
        parameter.prepare().accept(persistence, id);

        assertThatThrownBy(() -> parameter.store().apply(persistence, id, Map.of("n", Map.of("k\uD800", 1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(parameter.field()))
                .hasMessageContaining(parameter.field() + ".n has a key with an unpaired surrogate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void strings_and_keys_with_any_control_character_read_back_exactly(Parameter parameter) {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            every.append(c);
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            every.append(c);
        }
        String text = every + "\u2028\u2029\uFEFF\uFFFF\uD83D\uDE00";
        Map<String, Object> value = Map.of("del\u007F", "a\u007Fb", "c1\u0085\u009F", List.of("\u0080", text),
                text, Map.of(text, text));
        String id = unique("json");
        parameter.prepare().accept(persistence, id);

        parameter.store().apply(persistence, id, value);

        assertThat(parameter.read().apply(persistence, id)).contains(value);
    }
}
