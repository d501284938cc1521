package io.latzero.persistence.block.internal;

import io.latzero.persistence.internal.jpa.Queries;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.Validate;
import io.latzero.persistence.internal.tx.Flush;
import io.latzero.persistence.internal.tx.TransactionRunner;
import jakarta.persistence.EntityManager;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Memory block metadata: validation, then the change in a transaction; every method is the facade's. */
public final class MemoryBlockRepository {
    private static final int STREAM_FETCH_SIZE = 500;

    private final TransactionRunner tx;

    public MemoryBlockRepository(TransactionRunner tx) {
        this.tx = tx;
    }

    public MemoryBlock create(String blockId, long size, BlockType type, Map<String, ?> options) {
        Validate.id("blockId", blockId);
        Validate.nonNegative("size", size);
        Validate.notNull("type", type);
        Map<String, Object> opts = Validate.jsonObject("options", options);
        String name = string(opts, "name");
        String pool = string(opts, "pool");
        Validate.optionalId("options.pool", pool);
        boolean persistent = bool(opts, "persistent");
        boolean encrypted = bool(opts, "encrypted");
        Map<String, Object> permissions = object(opts, "permissions");
        Map<String, Object> config = Collections.unmodifiableMap(
                Validate.without(opts, "name", "pool", "persistent", "encrypted", "permissions"));
        boolean joined = tx.current() != null;
        return tx.inTransaction(true, "createMemoryBlock", uow -> Flush.insertUnlessTaken(uow.durable(), joined,
                new MemoryBlockEntity(blockId, name, pool, size, type, permissions, persistent, encrypted, config,
                        EpochMillis.now()),
                blockId, "memory block", MemoryBlockEntity::toMemoryBlock));
    }

    public Optional<MemoryBlock> get(String blockId) {
        Validate.id("blockId", blockId);
        return tx.read("getMemoryBlock", em -> Optional.ofNullable(em.find(MemoryBlockEntity.class, blockId))
                .map(MemoryBlockEntity::toMemoryBlock));
    }

    public MemoryBlock update(String blockId, MemoryBlockUpdate update) {
        Validate.id("blockId", blockId);
        MemoryBlockUpdate valid = Validate.notNull("update", update).validated();
        return tx.inTransaction(true, "updateMemoryBlock", uow -> {
            EntityManager em = uow.durable();
            MemoryBlockEntity block = em.find(MemoryBlockEntity.class, blockId);
            if (block == null) {
                throw new NotFoundException("memory block", blockId);
            }
            block.apply(update, valid, EpochMillis.now());
            return Flush.andDetach(em, block, MemoryBlockEntity::toMemoryBlock);
        });
    }

    public boolean remove(String blockId) {
        Validate.id("blockId", blockId);
        return tx.inTransaction(true, "removeMemoryBlock", uow ->
                Flush.remove(uow.durable(), MemoryBlockEntity.class, blockId));
    }

    public List<MemoryBlock> all() {
        return tx.read("getAllMemoryBlocks", em -> em.createQuery(BlockRow.SELECT + " order by b.blockId",
                BlockRow.class).getResultList().stream().map(BlockRow::toMemoryBlock).toList());
    }

    /** Hands every block to {@code consumer} in id order without holding them all in memory. */
    public void forEach(Consumer<? super MemoryBlock> consumer) {
        Validate.notNull("consumer", consumer);
        tx.read("forEachMemoryBlock", em -> {
            em.createQuery(BlockRow.SELECT + " order by b.blockId", BlockRow.class)
                    .setHint("org.hibernate.fetchSize", STREAM_FETCH_SIZE)
                    .getResultStream()
                    .forEach(row -> consumer.accept(row.toMemoryBlock()));
            return null;
        });
    }

    public List<MemoryBlock> byPool(String pool) {
        Validate.id("pool", pool);
        return tx.read("getMemoryBlocksByPool", em -> em
                .createQuery(BlockRow.SELECT + " where b.pool = :pool order by b.blockId", BlockRow.class)
                .setParameter("pool", pool)
                .getResultList().stream().map(BlockRow::toMemoryBlock).toList());
    }

    public long count() {
        return tx.read("count memory blocks", em -> Queries.count(em, MemoryBlockEntity.class));
    }

    private static String string(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value != null && !(value instanceof String)) {
            throw new InvalidInputException("options." + key, "must be a string");
        }
        return Validate.text("options." + key, (String) value);
    }

    private static boolean bool(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value != null && !(value instanceof Boolean)) {
            throw new InvalidInputException("options." + key, "must be true or false");
        }
        return Boolean.TRUE.equals(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new InvalidInputException("options." + key, "must be a JSON object");
        }
        return (Map<String, Object>) value;
    }
}
