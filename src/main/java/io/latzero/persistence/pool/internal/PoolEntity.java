package io.latzero.persistence.pool.internal;

import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.JsonListConverter;
import io.latzero.persistence.internal.json.JsonObjectConverter;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Mutability;
import org.hibernate.annotations.OptimisticLockType;
import org.hibernate.annotations.OptimisticLocking;
import org.hibernate.type.descriptor.java.Immutability;
import org.hibernate.type.NumericBooleanConverter;

/**
 * A row of {@code pool_metadata}. Managed only inside the library; callers see {@link Pool}.
 *
 * <p>Optimistic locking without a version column (the spec's table has none, and a Node-written database must keep
 * opening): every UPDATE carries the old values of the columns it changes in its WHERE clause, so an update of a
 * stale copy, for example by another server sharing a PostgreSQL database, matches no row and fails with
 * {@code ConflictException} instead of overwriting. Updates stamp a strictly later timestamp, so two of them collide
 * on it; (apps only) two that set the timestamp themselves and change disjoint columns both apply, losing nothing.
 */
@Entity
@DynamicUpdate
@OptimisticLocking(type = OptimisticLockType.DIRTY)
@Table(name = "pool_metadata")
@EntityListeners(PoolEntityListener.class)
public class PoolEntity {
    @Id
    @Column(name = "name")
    private String name;

    @Convert(converter = PoolTypeConverter.class)
    @Column(name = "type")
    private PoolType type;

    @Convert(converter = NumericBooleanConverter.class)
    @Column(name = "encrypted")
    private Boolean encrypted;

    @Mutability(Immutability.class)
    @Convert(converter = JsonListConverter.class)
    @Column(name = "owners")
    private List<String> owners;

    @Mutability(Immutability.class)
    @Convert(converter = JsonObjectConverter.class)
    @Column(name = "policies")
    private Map<String, Object> policies;

    @Column(name = "description")
    private String description;

    @Column(name = "created")
    private Long created;

    @Column(name = "updated")
    private Long updated;

    @Mutability(Immutability.class)
    @Convert(converter = JsonObjectConverter.class)
    @Column(name = "config")
    private Map<String, Object> config;

    @Transient
    private PoolUpdate appliedUpdate;

    /** For JPA only. */
    protected PoolEntity() {
    }

    public PoolEntity(String name, PoolType type, boolean encrypted, List<String> owners, Map<String, Object> policies,
                      String description, Map<String, Object> config, long now) {
        this.name = name;
        this.type = type;
        this.encrypted = encrypted;
        this.owners = owners;
        this.policies = policies;
        this.description = description;
        this.config = config;
        this.created = now;
        this.updated = now;
    }

    /**
     * Applies {@code valid}, the {@link PoolUpdate#validated()} form of {@code update} (which its event carries), and
     * stamps {@code updated}.
     */
    public void apply(PoolUpdate update, PoolUpdate valid, long now) {
        valid.type().ifPresent(v -> type = v);
        valid.encrypted().ifPresent(v -> encrypted = v);
        valid.description().ifPresent(v -> description = v);
        valid.owners().ifPresent(v -> owners = v);
        valid.policies().ifPresent(v -> policies = v);
        valid.config().ifPresent(v -> config = v);
        updated = EpochMillis.after(updated, now);
        appliedUpdate = update;
    }

    PoolUpdate appliedUpdate() {
        return appliedUpdate;
    }

    public String name() {
        return name;
    }

    public Pool toPool() {
        return new Pool(name, type == null ? PoolType.LOCAL : type, Boolean.TRUE.equals(encrypted),
                owners == null ? List.of() : owners, policies == null ? Map.of() : policies, description,
                EpochMillis.toInstant(created), EpochMillis.toInstant(updated), config == null ? Map.of() : config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolEntity other && name != null && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name == null ? 0 : name.hashCode();
    }
}
