package io.latzero.persistence.block;

import static io.latzero.persistence.testing.TestManagers.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.block.internal.MemoryBlockEntity;
import io.latzero.persistence.event.MemoryBlockCreated;
import io.latzero.persistence.event.MemoryBlockRemoved;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.Subscription;
import io.latzero.persistence.testing.SharedManager;
import io.latzero.persistence.testing.TestManagers;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block id that is taken, in the database or earlier in the same transaction, is refused as
 * {@link AlreadyExistsException} without harming the caller's transaction: it may catch the refusal and commit the
 * rest, which is stored and announced exactly as without the duplicate. (The contract IT checks the same on
 * PostgreSQL.)
 */
class DuplicateBlockTest {
    @RegisterExtension
    static final SharedManager shared = new SharedManager();
    private final PersistenceManager persistence = shared.manager();

    /** The events {@code work} caused, once it returned. */
    private List<PersistenceEvent> announced(Runnable work) {
        List<PersistenceEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription subscription = persistence.on(PersistenceEvent.class, events::add)) {
            work.run();
        }
        return events;
    }

    @Test
    void a_caller_may_catch_a_duplicate_of_a_stored_block_and_commit_the_rest() {
        String taken = unique("taken");
        String first = unique("first");
        String second = unique("second");
        MemoryBlock original = persistence.createMemoryBlock(taken, 5, BlockType.BINARY, Map.of("name", "original"));

        List<PersistenceEvent> events = announced(() -> persistence.transaction(() -> {
            persistence.createMemoryBlock(first, 1, BlockType.BINARY, Map.of());
            assertThatThrownBy(() -> persistence.createMemoryBlock(taken, 6, BlockType.JSON, Map.of("name", "copy")))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining(taken);
            persistence.createMemoryBlock(second, 2, BlockType.BINARY, Map.of());
        }));

        assertThat(persistence.getMemoryBlock(taken)).contains(original);
        assertThat(persistence.getMemoryBlock(first)).isPresent();
        assertThat(persistence.getMemoryBlock(second)).isPresent();
        assertThat(events).extracting(e -> ((MemoryBlockCreated) e).blockId()).containsExactly(first, second);
        assertThat(events).extracting(PersistenceEvent::revision).allMatch(r -> r > 0).isSorted();
    }

    @Test
    void a_block_created_earlier_in_the_same_transaction_is_a_duplicate() {
        String id = unique("block");
        List<PersistenceEvent> events = announced(() -> persistence.transaction(() -> {
            persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of());
            assertThatThrownBy(() -> persistence.createMemoryBlock(id, 2, BlockType.JSON, Map.of()))
                    .isInstanceOf(AlreadyExistsException.class);
        }));
        assertThat(persistence.getMemoryBlock(id)).get().extracting(MemoryBlock::size).isEqualTo(1L);
        assertThat(events).hasSize(1);
    }

    @Test
    void a_block_read_earlier_in_the_same_transaction_is_a_duplicate_that_leaves_the_transaction_usable() {
        String id = unique("read");
        String other = unique("other");
        persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of());
        List<PersistenceEvent> events = announced(() -> persistence.transaction(() -> {
            assertThat(persistence.getMemoryBlock(id)).isPresent();
            assertThatThrownBy(() -> persistence.createMemoryBlock(id, 2, BlockType.JSON, Map.of()))
                    .isInstanceOf(AlreadyExistsException.class);
            persistence.createMemoryBlock(other, 3, BlockType.BINARY, Map.of());
        }));
        assertThat(persistence.getMemoryBlock(other)).isPresent();
        assertThat(events).extracting(e -> ((MemoryBlockCreated) e).blockId()).containsExactly(other);
    }

    @Test
    void a_block_removed_earlier_in_the_same_transaction_may_be_created_again() {
        String id = unique("again");
        persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of());
        List<PersistenceEvent> events = announced(() -> persistence.transaction(() -> {
            persistence.removeMemoryBlock(id);
            persistence.createMemoryBlock(id, 2, BlockType.JSON, Map.of());
        }));
        assertThat(persistence.getMemoryBlock(id)).get().extracting(MemoryBlock::size).isEqualTo(2L);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(MemoryBlockRemoved.class);
        assertThat(events.get(1)).isInstanceOf(MemoryBlockCreated.class);
    }

    @Test
    void a_duplicate_does_not_take_away_the_event_of_a_change_left_unflushed_in_the_entity_manager() {
        String taken = unique("taken");
        String victim = unique("victim");
        persistence.createMemoryBlock(taken, 1, BlockType.BINARY, Map.of());
        persistence.createMemoryBlock(victim, 1, BlockType.BINARY, Map.of());
        List<PersistenceEvent> events = announced(() -> persistence.transaction(() -> {
            EntityManager em = persistence.entityManager();
            em.remove(em.find(MemoryBlockEntity.class, victim));
            assertThatThrownBy(() -> persistence.createMemoryBlock(taken, 2, BlockType.JSON, Map.of()))
                    .isInstanceOf(AlreadyExistsException.class);
        }));
        assertThat(persistence.getMemoryBlock(victim)).isEmpty();
        assertThat(events).singleElement().isInstanceOfSatisfying(MemoryBlockRemoved.class,
                removed -> assertThat(removed.blockId()).isEqualTo(victim));
    }

    @Test
    void a_duplicate_outside_a_transaction_fails_alone_and_announces_nothing() {
        String id = unique("alone");
        persistence.createMemoryBlock(id, 1, BlockType.BINARY, Map.of());
        List<PersistenceEvent> events = announced(() ->
                assertThatThrownBy(() -> persistence.createMemoryBlock(id, 2, BlockType.JSON, Map.of()))
                        .isInstanceOf(AlreadyExistsException.class));
        assertThat(persistence.getMemoryBlock(id)).get().extracting(MemoryBlock::size).isEqualTo(1L);
        assertThat(events).isEmpty();
    }

    @Test
    void the_stored_row_holds_every_column_in_its_place_and_a_duplicate_adds_no_change_log_row(@TempDir Path dir)
            throws SQLException {
        try (PersistenceManager own = TestManagers.open(dir)) {
            own.createMemoryBlock("b1", 42, BlockType.JSON, Map.of("name", "n", "pool", "p",
                    "persistent", true, "permissions", Map.of("read", List.of("*")), "codec", "raw"));
            assertThatThrownBy(() -> own.createMemoryBlock("b1", 7, BlockType.BINARY, Map.of()))
                    .isInstanceOf(AlreadyExistsException.class);
        }
        try (Connection c = TestManagers.readOnly(dir.resolve("latzero.db"))) {
            assertThat(TestManagers.single(c, "select name || '|' || pool || '|' || size || '|' || type || '|'"
                    + " || permissions || '|' || version || '|' || typeof(created) || '|' || (created = updated)"
                    + " || '|' || persistent || '|' || encrypted || '|' || config from memory_blocks"
                    + " where block_id = 'b1'"))
                    .isEqualTo("n|p|42|json|{\"read\":[\"*\"]}|1|integer|1|1|0|{\"codec\":\"raw\"}");
            assertThat(TestManagers.single(c, "select count(*) from latzero_changes where entity = 'block'"
                    + " and entity_key = 'b1'")).isEqualTo("1");
        }
    }
}
