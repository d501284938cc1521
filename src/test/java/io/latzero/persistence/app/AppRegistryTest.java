package io.latzero.persistence.app;

import static io.latzero.persistence.testing.TestManagers.assertInvalid;
import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.testing.SharedManager;
import io.latzero.persistence.testing.TestManagers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppRegistryTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    @Test
    void registerApp_stores_the_app_with_spec_defaults() {
        String id = unique("app");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        App app = persistence.registerApp(id, List.of("t1", "t2"), List.of("p1", "p2"), Map.of("version", "1.0.0"));

        assertThat(app.appId()).isEqualTo(id);
        assertThat(app.triggers()).containsExactly("t1", "t2");
        assertThat(app.pools()).containsExactly("p1", "p2");
        assertThat(app.meta()).isEqualTo(Map.of("version", "1.0.0"));
        assertThat(app.protocolVersion()).isEqualTo("1.0");
        assertThat(app.registered()).isAfterOrEqualTo(before).isEqualTo(app.lastSeen());
        assertThat(app.rehydrated()).isFalse();
        assertThat(persistence.getApp(id)).contains(app);
    }

    @Test
    void registerApp_treats_null_lists_and_metadata_as_empty() {
        String id = unique("app");
        App app = persistence.registerApp(id, null, null, null);
        assertThat(app.triggers()).isEmpty();
        assertThat(app.pools()).isEmpty();
        assertThat(app.meta()).isEmpty();
        assertThat(persistence.getApp(id)).contains(app);
    }

    @Test
    void registered_app_values_are_immutable_deep_copies() {
        String id = unique("app");
        Map<String, Object> meta = new HashMap<>();
        meta.put("nested", new ArrayList<>(List.of(1, 2)));
        List<String> triggers = new ArrayList<>(List.of("t"));
        App app = persistence.registerApp(id, triggers, List.of(), meta);
        triggers.add("later");
        meta.put("later", true);

        assertThat(app.triggers()).containsExactly("t");
        assertThat(app.meta()).containsOnlyKeys("nested");
        assertThatThrownBy(() -> app.meta().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> nested = (List<Object>) app.meta().get("nested");
        assertThatThrownBy(() -> nested.add(3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void getApp_of_an_unknown_id_is_empty() {
        assertThat(persistence.getApp(unique("missing"))).isEmpty();
    }

    @Test
    void registering_an_existing_id_is_refused_and_keeps_the_original() {
        String id = unique("app");
        App original = persistence.registerApp(id, List.of("t"), List.of(), Map.of("v", 1));
        assertThatThrownBy(() -> persistence.registerApp(id, List.of(), List.of(), Map.of("v", 2)))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining(id);
        assertThat(persistence.getApp(id)).contains(original);
    }

    static Stream<Arguments> badIds() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("blank", "   "),
                Arguments.of("257 characters", "a".repeat(257)),
                Arguments.of("NUL", "a\u0000b"),
                Arguments.of("bell", "a\u0007b"),
                Arguments.of("escape", "\u001b[31mred"),
                Arguments.of("DEL", "a\u007fb"),
                Arguments.of("lone surrogate", "a\ud800b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIds")
    void registerApp_refuses_a_bad_id_naming_the_field_and_writes_nothing(String what, String badId) {
        int before = persistence.getAllApps().size();
        assertThatThrownBy(() -> persistence.registerApp(badId, List.of(), List.of(), Map.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("appId"))
                .hasMessageContaining("appId");
        assertThat(persistence.getAllApps()).hasSize(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIds")
    void lookups_and_updates_refuse_a_bad_id_too(String what, String badId) {
        assertThatThrownBy(() -> persistence.getApp(badId)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> persistence.removeApp(badId)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> persistence.updateApp(badId, AppUpdate.builder().build()))
                .isInstanceOf(InvalidInputException.class);
        assertInvalid(() -> persistence.getAppsByPool(badId), "pool");
    }

    @Test
    void an_id_of_exactly_256_characters_is_accepted() {
        String id = "b".repeat(256);
        assertThat(persistence.registerApp(id, List.of(), List.of(), Map.of()).appId()).isEqualTo(id);
        assertThat(persistence.removeApp(id)).isTrue();
    }

    @Test
    void a_null_list_element_is_refused_naming_its_position() {
        String id = unique("app");
        assertInvalid(() -> persistence.registerApp(id, Arrays.asList("t", null), List.of(), Map.of()), "triggers[1]");
        assertInvalid(() -> persistence.registerApp(id, List.of(), Arrays.asList((String) null), Map.of()), "pools[0]");
        assertThat(persistence.getApp(id)).isEmpty();
    }

    @Test
    void metadata_that_is_not_json_serialisable_is_refused_and_nothing_is_written() {
        String id = unique("app");
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        for (Map<String, ?> bad : List.of(Map.of("when", Optional.of("x")), cyclic)) {
            assertInvalid(() -> persistence.registerApp(id, List.of(), List.of(), bad), "metadata");
        }
        assertThat(persistence.getApp(id)).isEmpty();
    }

    @Test
    void metadata_over_one_mebibyte_is_refused_and_nothing_is_written() {
        String id = unique("app");
        Map<String, Object> big = Map.of("blob", "x".repeat(1 << 20));
        assertThatThrownBy(() -> persistence.registerApp(id, List.of(), List.of(), big))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("metadata"))
                .hasMessageContaining("1 MiB");
        assertThat(persistence.getApp(id)).isEmpty();
    }

    @Test
    void metadata_just_under_the_limit_is_stored_whole() {
        String id = unique("app");
        String blob = "y".repeat((1 << 20) - 100);
        persistence.registerApp(id, List.of(), List.of(), Map.of("blob", blob));
        assertThat(persistence.getApp(id).orElseThrow().meta().get("blob")).isEqualTo(blob);
        persistence.removeApp(id);
    }

    @Test
    void strings_that_look_like_sql_are_stored_verbatim() {
        String id = "x'); DROP TABLE app_registry; --" + unique("");
        String pool = "p' OR '1'='1";
        Map<String, Object> meta = Map.of("q", "\"; DELETE FROM app_registry; --", "k'ey", "%_\\");
        App app = persistence.registerApp(id, List.of("'; --"), List.of(pool), meta);

        assertThat(persistence.getApp(id)).contains(app);
        assertThat(app.meta()).isEqualTo(meta);
        assertThat(persistence.getAppsByPool(pool)).containsExactly(app);
        assertThat(persistence.getAppsByPool("p")).isEmpty();
    }

    @Test
    void updateApp_replaces_only_the_fields_set() {
        String id = unique("app");
        App original = persistence.registerApp(id, List.of("t1"), List.of("p1"), Map.of("k", 1));
        AppUpdate update = AppUpdate.builder().triggers(List.of("t1", "t3")).build();
        App updated = persistence.updateApp(id, update);

        assertThat(updated.triggers()).containsExactly("t1", "t3");
        assertThat(updated.pools()).isEqualTo(original.pools());
        assertThat(updated.meta()).isEqualTo(original.meta());
        assertThat(updated.protocolVersion()).isEqualTo(original.protocolVersion());
        assertThat(updated.registered()).isEqualTo(original.registered());
        assertThat(updated.lastSeen()).isAfterOrEqualTo(original.lastSeen());
        assertThat(persistence.getApp(id)).contains(updated);
    }

    @Test
    void updateApp_can_set_every_field() {
        String id = unique("app");
        persistence.registerApp(id, List.of("t"), List.of("p"), Map.of("k", 1));
        Instant seen = Instant.parse("2030-01-02T03:04:05.678Z");
        App updated = persistence.updateApp(id, AppUpdate.builder()
                .pools(List.of("q")).triggers(List.of()).meta(Map.of("k", 2, "n", List.of("a")))
                .protocolVersion("2.1").lastSeen(seen).rehydrated(true).build());

        assertThat(updated.pools()).containsExactly("q");
        assertThat(updated.triggers()).isEmpty();
        assertThat(updated.meta()).isEqualTo(Map.of("k", 2, "n", List.of("a")));
        assertThat(updated.protocolVersion()).isEqualTo("2.1");
        assertThat(updated.lastSeen()).isEqualTo(seen);
        assertThat(updated.rehydrated()).isTrue();
        assertThat(persistence.getApp(id)).contains(updated);
    }

    @Test
    void updateApp_of_an_unknown_id_is_not_found_and_creates_nothing() {
        String id = unique("missing");
        assertThatThrownBy(() -> persistence.updateApp(id, AppUpdate.builder().meta(Map.of()).build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.id()).isEqualTo(id))
                .hasMessageContaining(id);
        assertThat(persistence.getApp(id)).isEmpty();
    }

    @Test
    void updateApp_refuses_bad_values_and_leaves_the_app_as_it_was() {
        String id = unique("app");
        App original = persistence.registerApp(id, List.of("t"), List.of("p"), Map.of("k", 1));
        assertInvalid(() -> persistence.updateApp(id, null), "update");
        assertInvalid(() -> persistence.updateApp(id, AppUpdate.builder().meta(Map.of("o", Optional.empty())).build()), "meta");
        assertInvalid(() -> persistence.updateApp(id, AppUpdate.builder().pools(Arrays.asList("ok", null)).build()), "pools[1]");
        assertInvalid(() -> persistence.updateApp(id, AppUpdate.builder().protocolVersion(" ").build()), "protocolVersion");
        assertThat(persistence.getApp(id)).contains(original);
    }

    @Test
    void removeApp_reports_whether_the_app_was_there() {
        String id = unique("app");
        String pool = unique("pool");
        persistence.registerApp(id, List.of(), List.of(pool), Map.of());
        assertThat(persistence.removeApp(id)).isTrue();
        assertThat(persistence.getApp(id)).isEmpty();
        assertThat(persistence.getAppsByPool(pool)).isEmpty();
        assertThat(persistence.removeApp(id)).isFalse();
    }

    @Test
    void getAllApps_lists_every_app_ordered_by_id() {
        String prefix = unique("all");
        App b = persistence.registerApp(prefix + "-b", List.of(), List.of(), Map.of());
        App a = persistence.registerApp(prefix + "-a", List.of(), List.of(), Map.of());
        App c = persistence.registerApp(prefix + "-c", List.of(), List.of(), Map.of());

        List<App> all = persistence.getAllApps();
        assertThat(all).filteredOn(app -> app.appId().startsWith(prefix)).containsExactly(a, b, c);
        assertThat(all).extracting(App::appId).isSorted();
    }

    @Test
    void getAppsByPool_follows_membership_through_updates() {
        String p1 = unique("pool");
        String p2 = unique("pool");
        String x = unique("x");
        String y = unique("y");
        persistence.registerApp(y, List.of(), List.of(p1), Map.of());
        persistence.registerApp(x, List.of(), List.of(p1, p2), Map.of());

        assertThat(persistence.getAppsByPool(p1)).extracting(App::appId).containsExactly(x, y);
        assertThat(persistence.getAppsByPool(p2)).extracting(App::appId).containsExactly(x);

        persistence.updateApp(x, AppUpdate.builder().pools(List.of(p2)).build());
        assertThat(persistence.getAppsByPool(p1)).extracting(App::appId).containsExactly(y);
        assertThat(persistence.getAppsByPool(p2)).extracting(App::appId).containsExactly(x);
        assertThat(persistence.getAppsByPool(unique("empty"))).isEmpty();
    }

    @Test
    void an_app_listing_a_pool_twice_is_returned_once() {
        String pool = unique("pool");
        String id = unique("app");
        persistence.registerApp(id, List.of(), List.of(pool, pool), Map.of());
        assertThat(persistence.getAppsByPool(pool)).extracting(App::appId).containsExactly(id);
        assertThat(persistence.getApp(id).orElseThrow().pools()).containsExactly(pool, pool);
    }
}
