package io.latzero.persistence.block.internal;

import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.JsonObjectConverter;
import io.latzero.persistence.internal.tx.KeyTakenCheck;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.util.Map;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.SQLInsert;
import org.hibernate.type.descriptor.java.Immutability;
import org.hibernate.type.NumericBooleanConverter;

/**
 * A row of {@code memory_blocks}. The spec's {@code version} column is the optimistic-lock version: every
 * update increments it and a concurrent update of a stale copy fails instead of overwriting. An insert whose
 * {@code block_id} is taken writes nothing ({@link KeyTakenCheck}): a duplicate leaves the transaction usable, with no
 * query before each insert. The columns are in the order Hibernate binds them: attributes by name, then the id.
 */
@Entity
@Table(name = "memory_blocks")
@SQLInsert(sql = "INSERT INTO memory_blocks (config, created, encrypted, name, permissions, persistent, pool, size,"
        + " type, updated, version, block_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (block_id) DO NOTHING", verify = KeyTakenCheck.class)
@EntityListeners(MemoryBlockEntityListener.class)
public class MemoryBlockEntity {
    @Id
    @Column(name = "block_id")
    private String blockId;

    @Column(name = "name")
    private String name;

    @Column(name = "pool")
    private String pool;

    @Column(name = "size")
    private Long size;

    @Convert(converter = BlockTypeConverter.class)
    @Column(name = "type")
    private BlockType type;

    @Mutability(Immutability.class)
    @Convert(converter = JsonObjectConverter.class)
    @Column(name = "permissions")
    private Map<String, Object> permissions;

    @Version
    @Column(name = "version")
    private Long version;

    @Column(name = "created")
    private Long created;

    @Column(name = "updated")
    private Long updated;

    @Convert(converter = NumericBooleanConverter.class)
    @Column(name = "persistent")
    private Boolean persistent;

    @Convert(converter = NumericBooleanConverter.class)
    @Column(name = "encrypted")
    private Boolean encrypted;

    @Mutability(Immutability.class)
    @Convert(converter = JsonObjectConverter.class)
    @Column(name = "config")
    private Map<String, Object> config;

    @Transient
    private MemoryBlockUpdate appliedUpdate;

    /** For JPA only. */
    protected MemoryBlockEntity() {
    }

    public MemoryBlockEntity(String blockId, String name, String pool, long size, BlockType type,
                             Map<String, Object> permissions, boolean persistent, boolean encrypted,
                             Map<String, Object> config, long now) {
        this.blockId = blockId;
        this.name = name;
        this.pool = pool;
        this.size = size;
        this.type = type;
        this.permissions = permissions;
        this.persistent = persistent;
        this.encrypted = encrypted;
        this.config = config;
        this.created = now;
        this.updated = now;
    }

    /**
     * Versions start at 1. Set here rather than in the constructor: with an assigned id, a non-null version would
     * make Hibernate take a new block for a detached one.
     */
    @PrePersist
    void startAtVersionOne() {
        if (version == null) {
            version = 1L;
        }
    }

    /**
     * Applies {@code valid}, the {@link MemoryBlockUpdate#validated()} form of {@code update} (which its event
     * carries), and stamps {@code updated}; Hibernate increments the version on flush.
     */
    public void apply(MemoryBlockUpdate update, MemoryBlockUpdate valid, long now) {
        valid.name().ifPresent(v -> name = v);
        valid.pool().ifPresent(v -> pool = v);
        valid.size().ifPresent(v -> size = v);
        valid.type().ifPresent(v -> type = v);
        valid.persistent().ifPresent(v -> persistent = v);
        valid.encrypted().ifPresent(v -> encrypted = v);
        valid.permissions().ifPresent(v -> permissions = v);
        valid.config().ifPresent(v -> config = v);
        updated = EpochMillis.after(updated, now);
        appliedUpdate = update;
    }

    MemoryBlockUpdate appliedUpdate() {
        return appliedUpdate;
    }

    public String blockId() {
        return blockId;
    }

    public MemoryBlock toMemoryBlock() {
        return new BlockRow(blockId, name, pool, size, type, permissions, version, created, updated, persistent,
                encrypted, config).toMemoryBlock();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryBlockEntity other && blockId != null && blockId.equals(other.blockId);
    }

    @Override
    public int hashCode() {
        return blockId == null ? 0 : blockId.hashCode();
    }
}
