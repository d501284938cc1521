package io.latzero.persistence.pool;

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
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PoolMetadataTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    @Test
    void createPool_puts_description_owners_and_policies_in_their_columns_and_the_rest_in_config() {
        String name = unique("pool");
        Pool pool = persistence.createPool(name, PoolType.LOCAL, false, Map.of(
                "description", "Development pool",
                "owners", List.of("app1"),
                "policies", Map.of("read", List.of("*"), "write", List.of("app1")),
                "maxSize", 10,
                "region", "eu"));

        assertThat(pool.name()).isEqualTo(name);
        assertThat(pool.type()).isEqualTo(PoolType.LOCAL);
        assertThat(pool.encrypted()).isFalse();
        assertThat(pool.description()).isEqualTo("Development pool");
        assertThat(pool.owners()).containsExactly("app1");
        assertThat(pool.policies()).isEqualTo(Map.of("read", List.of("*"), "write", List.of("app1")));
        assertThat(pool.config()).isEqualTo(Map.of("maxSize", 10, "region", "eu"));
        assertThat(pool.created()).isNotNull().isEqualTo(pool.updated());
        assertThat(persistence.getPool(name)).contains(pool);
    }

    @Test
    void createPool_without_properties_has_empty_values() {
        String name = unique("pool");
        Pool pool = persistence.createPool(name, PoolType.GLOBAL, true, null);
        assertThat(pool.encrypted()).isTrue();
        assertThat(pool.owners()).isEmpty();
        assertThat(pool.policies()).isEmpty();
        assertThat(pool.config()).isEmpty();
        assertThat(pool.description()).isNull();
        assertThat(persistence.getPool(name)).contains(pool);
    }

    @Test
    void pool_types_are_stored_as_the_spec_lower_case_words() throws Exception {
        String name = unique("pool");
        persistence.createPool(name, PoolType.ENCRYPTED, true, Map.of());
        try (Connection c = TestManagers.readOnly(shared.databaseFile())) {
            assertThat(TestManagers.single(c, "select type || '/' || encrypted from pool_metadata where name = '" + name + "'"))
                    .isEqualTo("encrypted/1");
        }
    }

    @Test
    void pool_types_parse_case_insensitively_and_refuse_unknown_words() {
        assertThat(PoolType.of("Global")).isEqualTo(PoolType.GLOBAL);
        assertThat(PoolType.LOCAL.value()).isEqualTo("local");
        assertThatThrownBy(() -> PoolType.of("shared"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("type"))
                .hasMessageContaining("shared");
        assertThatThrownBy(() -> PoolType.of(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void getPool_of_an_unknown_name_is_empty() {
        assertThat(persistence.getPool(unique("missing"))).isEmpty();
    }

    @Test
    void a_duplicate_name_is_refused_and_keeps_the_original() {
        String name = unique("pool");
        Pool original = persistence.createPool(name, PoolType.LOCAL, false, Map.of("description", "first"));
        assertThatThrownBy(() -> persistence.createPool(name, PoolType.GLOBAL, true, Map.of()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(name);
        assertThat(persistence.getPool(name)).contains(original);
    }

    @Test
    void bad_arguments_are_refused_naming_the_field_and_nothing_is_written() {
        String name = unique("pool");
        assertInvalid(() -> persistence.createPool(null, PoolType.LOCAL, false, Map.of()), "name");
        assertInvalid(() -> persistence.createPool(" ", PoolType.LOCAL, false, Map.of()), "name");
        assertInvalid(() -> persistence.createPool("x".repeat(257), PoolType.LOCAL, false, Map.of()), "name");
        assertInvalid(() -> persistence.createPool("a\nb", PoolType.LOCAL, false, Map.of()), "name");
        assertInvalid(() -> persistence.createPool(name, null, false, Map.of()), "type");
        assertInvalid(() -> persistence.createPool(name, PoolType.LOCAL, false, Map.of("owners", "app1")), "properties.owners");
        assertInvalid(() -> persistence.createPool(name, PoolType.LOCAL, false, Map.of("owners", Arrays.asList("a", null))),
                "properties.owners");
        assertInvalid(() -> persistence.createPool(name, PoolType.LOCAL, false, Map.of("owners", List.of("a", 1))),
                "properties.owners");
        assertInvalid(() -> persistence.createPool(name, PoolType.LOCAL, false, Map.of("description", 5)),
                "properties.description");
        assertInvalid(() -> persistence.createPool(name, PoolType.LOCAL, false, Map.of("policies", List.of())),
                "properties.policies");
        assertInvalid(() -> persistence.createPool(name, PoolType.LOCAL, false, Map.of("x", java.util.Optional.of("x"))),
                "properties");
        assertInvalid(() -> persistence.createPool(name, PoolType.LOCAL, false, Map.of("x", "z".repeat(1 << 20))),
                "properties");
        assertThat(persistence.getPool(name)).isEmpty();
    }

    @Test
    void updatePool_replaces_only_the_fields_set() throws InterruptedException {
        String name = unique("pool");
        Pool original = persistence.createPool(name, PoolType.LOCAL, false,
                Map.of("description", "before", "owners", List.of("a"), "extra", 1));
        Pool updated = persistence.updatePool(name, PoolUpdate.builder().description("after").encrypted(true).build());

        assertThat(updated.description()).isEqualTo("after");
        assertThat(updated.encrypted()).isTrue();
        assertThat(updated.type()).isEqualTo(original.type());
        assertThat(updated.owners()).isEqualTo(original.owners());
        assertThat(updated.config()).isEqualTo(original.config());
        assertThat(updated.created()).isEqualTo(original.created());
        assertThat(updated.updated()).isAfterOrEqualTo(original.updated());
        assertThat(persistence.getPool(name)).contains(updated);
    }

    @Test
    void updatePool_can_set_every_field() {
        String name = unique("pool");
        persistence.createPool(name, PoolType.LOCAL, false, Map.of());
        Pool updated = persistence.updatePool(name, PoolUpdate.builder().type(PoolType.GLOBAL).encrypted(true)
                .owners(List.of("o1", "o2")).policies(Map.of("read", List.of("o1"))).description("d")
                .config(Map.of("tier", "gold")).build());

        assertThat(updated.type()).isEqualTo(PoolType.GLOBAL);
        assertThat(updated.encrypted()).isTrue();
        assertThat(updated.owners()).containsExactly("o1", "o2");
        assertThat(updated.policies()).isEqualTo(Map.of("read", List.of("o1")));
        assertThat(updated.description()).isEqualTo("d");
        assertThat(updated.config()).isEqualTo(Map.of("tier", "gold"));
        assertThat(persistence.getPool(name)).contains(updated);
    }

    @Test
    void updatePool_of_an_unknown_name_is_not_found_and_creates_nothing() {
        String name = unique("missing");
        assertThatThrownBy(() -> persistence.updatePool(name, PoolUpdate.builder().description("x").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(name);
        assertThat(persistence.getPool(name)).isEmpty();
    }

    @Test
    void updatePool_refuses_bad_values_and_leaves_the_pool_as_it_was() {
        String name = unique("pool");
        Pool original = persistence.createPool(name, PoolType.LOCAL, false, Map.of());
        assertInvalid(() -> persistence.updatePool(name, null), "update");
        assertInvalid(() -> persistence.updatePool(name, PoolUpdate.builder().owners(Arrays.asList((String) null)).build()),
                "owners[0]");
        assertInvalid(() -> persistence.updatePool(name, PoolUpdate.builder().policies(Map.of("t", java.util.Optional.of("x"))).build()),
                "policies");
        assertInvalid(() -> persistence.updatePool(name, PoolUpdate.builder().description("a\u0000").build()), "description");
        assertThat(persistence.getPool(name)).contains(original);
    }

    @Test
    void removePool_reports_whether_the_pool_was_there() {
        String name = unique("pool");
        persistence.createPool(name, PoolType.LOCAL, false, Map.of());
        assertThat(persistence.removePool(name)).isTrue();
        assertThat(persistence.getPool(name)).isEmpty();
        assertThat(persistence.removePool(name)).isFalse();
    }

    @Test
    void getAllPools_and_getPoolsByType_list_pools_ordered_by_name() {
        String prefix = unique("list");
        Pool b = persistence.createPool(prefix + "-b", PoolType.GLOBAL, false, Map.of());
        Pool a = persistence.createPool(prefix + "-a", PoolType.GLOBAL, false, Map.of());
        Pool c = persistence.createPool(prefix + "-c", PoolType.ENCRYPTED, true, Map.of());

        assertThat(persistence.getAllPools()).filteredOn(p -> p.name().startsWith(prefix)).containsExactly(a, b, c);
        assertThat(persistence.getAllPools()).extracting(Pool::name).isSorted();
        assertThat(persistence.getPoolsByType(PoolType.GLOBAL)).filteredOn(p -> p.name().startsWith(prefix))
                .containsExactly(a, b);
        assertThat(persistence.getPoolsByType(PoolType.ENCRYPTED)).filteredOn(p -> p.name().startsWith(prefix))
                .containsExactly(c);
        assertThat(persistence.getPoolsByType(PoolType.GLOBAL)).allMatch(p -> p.type() == PoolType.GLOBAL);
        assertInvalid(() -> persistence.getPoolsByType(null), "type");
    }

    @Test
    void sql_looking_names_and_values_are_stored_verbatim() {
        String name = "pool'; DROP TABLE pool_metadata; --" + unique("");
        Pool pool = persistence.createPool(name, PoolType.LOCAL, false, Map.of("description", "' OR 1=1 --"));
        assertThat(persistence.getPool(name)).contains(pool);
        assertThat(pool.description()).isEqualTo("' OR 1=1 --");
    }
}
