package io.latzero.persistence.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.pool.PoolUpdate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The update records check and copy their own fields, without a database. */
class UpdateValidationTest {
    @Test
    void an_app_update_validates_to_unmodifiable_copies_and_leaves_unset_fields_unset() {
        List<String> pools = new ArrayList<>(List.of("a"));
        AppUpdate valid = AppUpdate.builder().pools(pools).build().validated();
        pools.add("b");

        assertThat(valid.pools()).contains(List.of("a"));
        assertThatThrownBy(() -> valid.pools().orElseThrow().add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(valid.triggers()).isEmpty();
        assertThat(valid.meta()).isEmpty();
    }

    @Test
    void an_app_update_with_a_null_pool_is_refused_naming_its_place() {
        AppUpdate update = AppUpdate.builder().pools(Arrays.asList("a", null)).build();

        assertThatThrownBy(update::validated).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pools[1]");
    }

    @Test
    void a_pool_update_with_a_null_policy_key_is_refused() {
        Map<String, Object> policies = new java.util.HashMap<>();
        policies.put(null, 1);
        PoolUpdate update = PoolUpdate.builder().policies(policies).build();

        assertThatThrownBy(update::validated).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("policies");
    }

    @Test
    void a_memory_block_update_with_a_negative_size_is_refused() {
        MemoryBlockUpdate update = MemoryBlockUpdate.builder().size(-1).build();

        assertThatThrownBy(update::validated).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("size");
    }

    @Test
    void a_memory_block_update_keeps_what_needs_no_copy() {
        MemoryBlockUpdate valid = MemoryBlockUpdate.builder().name("n").persistent(true).build().validated();

        assertThat(valid.name()).contains("n");
        assertThat(valid.persistent()).contains(true);
        assertThat(valid.config()).isEqualTo(Optional.empty());
    }
}
