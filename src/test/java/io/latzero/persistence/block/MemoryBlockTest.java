package io.latzero.persistence.block;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemoryBlockTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    @Test
    void createMemoryBlock_puts_known_options_in_columns_and_the_rest_in_config_at_version_1() {
        String id = unique("block");
        MemoryBlock block = persistence.createMemoryBlock(id, 1024, BlockType.JSON, Map.of(
                "name", "JSON Data Block", "pool", "my-pool", "persistent", true, "encrypted", false,
                "permissions", Map.of("read", List.of("app1")), "ttl", 30));

        assertThat(block.id()).isEqualTo(id);
        assertThat(block.name()).isEqualTo("JSON Data Block");
        assertThat(block.pool()).isEqualTo("my-pool");
        assertThat(block.size()).isEqualTo(1024);
        assertThat(block.type()).isEqualTo(BlockType.JSON);
        assertThat(block.persistent()).isTrue();
        assertThat(block.encrypted()).isFalse();
        assertThat(block.permissions()).isEqualTo(Map.of("read", List.of("app1")));
        assertThat(block.config()).isEqualTo(Map.of("ttl", 30));
        assertThat(block.version()).isEqualTo(1);
        assertThat(block.created()).isNotNull().isEqualTo(block.updated());
        assertThat(persistence.getMemoryBlock(id)).contains(block);
    }

    @Test
    void createMemoryBlock_without_options_has_defaults_and_accepts_size_zero() {
        String id = unique("block");
        MemoryBlock block = persistence.createMemoryBlock(id, 0, BlockType.BINARY, null);
        assertThat(block.name()).isNull();
        assertThat(block.pool()).isNull();
        assertThat(block.persistent()).isFalse();
        assertThat(block.permissions()).isEmpty();
        assertThat(block.config()).isEmpty();
        assertThat(persistence.getMemoryBlock(id)).contains(block);
    }

    @Test
    void every_update_increments_the_version_even_when_nothing_else_changes() {
        String id = unique("block");
        persistence.createMemoryBlock(id, 1, BlockType.STREAM, Map.of());
        List<Long> versions = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (long v = 2; v <= 51; v++) {
            versions.add(persistence.updateMemoryBlock(id, MemoryBlockUpdate.builder().name("same").build()).version());
            expected.add(v);
        }
        assertThat(versions).isEqualTo(expected);
        assertThat(persistence.getMemoryBlock(id).orElseThrow().version()).isEqualTo(51);
    }

    @Test
    void updateMemoryBlock_replaces_only_the_fields_set() {
        String id = unique("block");
        MemoryBlock original = persistence.createMemoryBlock(id, 10, BlockType.BINARY,
                Map.of("name", "n", "pool", "p", "persistent", true, "extra", "e"));
        MemoryBlock updated = persistence.updateMemoryBlock(id, MemoryBlockUpdate.builder().name("Updated").encrypted(true).build());

        assertThat(updated.name()).isEqualTo("Updated");
        assertThat(updated.encrypted()).isTrue();
        assertThat(updated.pool()).isEqualTo("p");
        assertThat(updated.size()).isEqualTo(10);
        assertThat(updated.persistent()).isTrue();
        assertThat(updated.config()).isEqualTo(original.config());
        assertThat(updated.created()).isEqualTo(original.created());
        assertThat(updated.version()).isEqualTo(2);
        assertThat(persistence.getMemoryBlock(id)).contains(updated);
    }

    @Test
    void updateMemoryBlock_can_set_every_field() {
        String id = unique("block");
        String pool = unique("pool");
        persistence.createMemoryBlock(id, 10, BlockType.BINARY, Map.of());
        MemoryBlock updated = persistence.updateMemoryBlock(id, MemoryBlockUpdate.builder().name("n").pool(pool).size(99)
                .type(BlockType.JSON).permissions(Map.of("write", List.of("a"))).persistent(true).encrypted(true)
                .config(Map.of("c", 1)).build());

        assertThat(updated).extracting(MemoryBlock::name, MemoryBlock::pool, MemoryBlock::size, MemoryBlock::type,
                        MemoryBlock::persistent, MemoryBlock::encrypted)
                .containsExactly("n", pool, 99L, BlockType.JSON, true, true);
        assertThat(updated.permissions()).isEqualTo(Map.of("write", List.of("a")));
        assertThat(updated.config()).isEqualTo(Map.of("c", 1));
        assertThat(persistence.getMemoryBlocksByPool(pool)).containsExactly(updated);
    }

    @Test
    void updateMemoryBlock_of_an_unknown_id_is_not_found_and_creates_nothing() {
        String id = unique("missing");
        assertThatThrownBy(() -> persistence.updateMemoryBlock(id, MemoryBlockUpdate.builder().size(1).build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(id);
        assertThat(persistence.getMemoryBlock(id)).isEmpty();
    }

    @Test
    void bad_arguments_are_refused_naming_the_field_and_nothing_is_written() {
        String id = unique("block");
        assertInvalid(() -> persistence.createMemoryBlock(null, 1, BlockType.BINARY, Map.of()), "blockId");
        assertInvalid(() -> persistence.createMemoryBlock("", 1, BlockType.BINARY, Map.of()), "blockId");
        assertInvalid(() -> persistence.createMemoryBlock("b\u0001", 1, BlockType.BINARY, Map.of()), "blockId");
        assertInvalid(() -> persistence.createMemoryBlock(id, -1, BlockType.BINARY, Map.of()), "size");
        assertInvalid(() -> persistence.createMemoryBlock(id, 1, null, Map.of()), "type");
        assertInvalid(() -> persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("persistent", "yes")),
                "options.persistent");
        assertInvalid(() -> persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("encrypted", 1)), "options.encrypted");
        assertInvalid(() -> persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("name", 3)), "options.name");
        assertInvalid(() -> persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("pool", " ")), "options.pool");
        assertInvalid(() -> persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("permissions", "all")),
                "options.permissions");
        assertInvalid(() -> persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("x", Optional.of(1))), "options");
        assertThat(persistence.getMemoryBlock(id)).isEmpty();
    }

    @Test
    void block_types_parse_case_insensitively_and_refuse_unknown_words() {
        assertThat(BlockType.of("STREAM")).isEqualTo(BlockType.STREAM);
        assertThat(BlockType.JSON.value()).isEqualTo("json");
        assertInvalid(() -> BlockType.of("text"), "type");
    }

    @Test
    void updateMemoryBlock_refuses_bad_values_and_leaves_the_block_as_it_was() {
        String id = unique("block");
        MemoryBlock original = persistence.createMemoryBlock(id, 5, BlockType.BINARY, Map.of());
        assertInvalid(() -> persistence.updateMemoryBlock(id, null), "update");
        assertInvalid(() -> persistence.updateMemoryBlock(id, MemoryBlockUpdate.builder().size(-5).build()), "size");
        assertInvalid(() -> persistence.updateMemoryBlock(id, MemoryBlockUpdate.builder().pool("").build()), "pool");
        assertInvalid(() -> persistence.updateMemoryBlock(id, MemoryBlockUpdate.builder().name("\u0000").build()), "name");
        assertInvalid(() -> persistence.updateMemoryBlock(id,
                MemoryBlockUpdate.builder().config(Map.of("o", Optional.empty())).build()), "config");
        assertThat(persistence.getMemoryBlock(id)).contains(original);
    }

    @Test
    void a_duplicate_id_is_refused_and_keeps_the_original() {
        String id = unique("block");
        MemoryBlock original = persistence.createMemoryBlock(id, 5, BlockType.BINARY, Map.of());
        assertThatThrownBy(() -> persistence.createMemoryBlock(id, 6, BlockType.JSON, Map.of()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(id);
        assertThat(persistence.getMemoryBlock(id)).contains(original);
    }

    @Test
    void removeMemoryBlock_reports_whether_the_block_was_there() {
        String id = unique("block");
        persistence.createMemoryBlock(id, 5, BlockType.BINARY, Map.of());
        assertThat(persistence.removeMemoryBlock(id)).isTrue();
        assertThat(persistence.getMemoryBlock(id)).isEmpty();
        assertThat(persistence.removeMemoryBlock(id)).isFalse();
    }

    @Test
    void listing_by_all_by_stream_and_by_pool_is_ordered_by_id() {
        String prefix = unique("list");
        String pool = unique("pool");
        MemoryBlock b = persistence.createMemoryBlock(prefix + "-b", 1, BlockType.BINARY, Map.of("pool", pool));
        MemoryBlock a = persistence.createMemoryBlock(prefix + "-a", 1, BlockType.BINARY, Map.of("pool", pool));
        MemoryBlock c = persistence.createMemoryBlock(prefix + "-c", 1, BlockType.BINARY, Map.of());

        assertThat(persistence.getAllMemoryBlocks()).filteredOn(m -> m.id().startsWith(prefix)).containsExactly(a, b, c);
        assertThat(persistence.getAllMemoryBlocks()).extracting(MemoryBlock::id).isSorted();
        List<MemoryBlock> streamed = new ArrayList<>();
        persistence.forEachMemoryBlock(streamed::add);
        assertThat(streamed).isEqualTo(persistence.getAllMemoryBlocks());
        assertThat(persistence.getMemoryBlocksByPool(pool)).containsExactly(a, b);
        assertThat(persistence.getMemoryBlocksByPool(unique("empty"))).isEmpty();
        assertInvalid(() -> persistence.getMemoryBlocksByPool(""), "pool");
        assertInvalid(() -> persistence.forEachMemoryBlock(null), "consumer");
    }

    @Test
    void sql_looking_ids_and_values_are_stored_verbatim() {
        String id = "b'); DELETE FROM memory_blocks; --" + unique("");
        MemoryBlock block = persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of("name", "' OR ''='"));
        assertThat(persistence.getMemoryBlock(id)).contains(block);
        assertThat(block.name()).isEqualTo("' OR ''='");
    }
}
