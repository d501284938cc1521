package io.latzero.persistence.app.internal;

import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.JsonListConverter;
import io.latzero.persistence.internal.json.JsonObjectConverter;
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
 * A row of {@code app_registry}. Managed only inside the library; callers see {@link App}.
 *
 * <p>Optimistic locking without a version column (the spec's table has none, and a Node-written database must keep
 * opening): every UPDATE carries the old values of the columns it changes in its WHERE clause, so an update of a
 * stale copy, for example by another server sharing a PostgreSQL database, matches no row and fails with
 * {@code ConflictException} instead of overwriting. Updates stamp a strictly later timestamp, so two of them collide
 * on it; (apps only) two that set the timestamp themselves and change disjoint columns both apply, losing nothing.
 */
@Entity
@OptimisticLocking(type = OptimisticLockType.DIRTY)
@Table(name = "app_registry")
// Only changed columns are written: an update that keeps the pools does not fire the pool-index trigger.
@DynamicUpdate
@EntityListeners(AppEntityListener.class)
public class AppEntity {
    @Id
    @Column(name = "app_id")
    private String appId;

    // Values are unmodifiable and replaced whole, so Hibernate need not deep-copy them. @Mutability rather than
    // @Immutable: the latter makes the column non-updatable.
    @Mutability(Immutability.class)
    @Convert(converter = JsonListConverter.class)
    @Column(name = "pools")
    private List<String> pools;

    @Mutability(Immutability.class)
    @Convert(converter = JsonListConverter.class)
    @Column(name = "triggers")
    private List<String> triggers;

    @Mutability(Immutability.class)
    @Convert(converter = JsonObjectConverter.class)
    @Column(name = "meta")
    private Map<String, Object> meta;

    @Column(name = "protocol_version")
    private String protocolVersion;

    @Column(name = "registered")
    private Long registered;

    @Column(name = "last_seen")
    private Long lastSeen;

    @Convert(converter = NumericBooleanConverter.class)
    @Column(name = "rehydrated")
    private Boolean rehydrated;

    /** The update being applied, carried to the {@code AppUpdated} event; never stored. */
    @Transient
    private AppUpdate appliedUpdate;

    /** For JPA only. */
    protected AppEntity() {
    }

    public AppEntity(String appId, List<String> pools, List<String> triggers, Map<String, Object> meta,
                     String protocolVersion, long now) {
        this.appId = appId;
        this.pools = pools;
        this.triggers = triggers;
        this.meta = meta;
        this.protocolVersion = protocolVersion;
        this.registered = now;
        this.lastSeen = now;
        this.rehydrated = false;
    }

    /**
     * Applies {@code valid}, the {@link AppUpdate#validated()} form of {@code update} (which its event carries);
     * {@code lastSeen} is stamped with {@code now} unless the update sets it.
     */
    public void apply(AppUpdate update, AppUpdate valid, long now) {
        valid.pools().ifPresent(v -> pools = v);
        valid.triggers().ifPresent(v -> triggers = v);
        valid.meta().ifPresent(v -> meta = v);
        valid.protocolVersion().ifPresent(v -> protocolVersion = v);
        valid.rehydrated().ifPresent(v -> rehydrated = v);
        lastSeen = valid.lastSeen().map(java.time.Instant::toEpochMilli).orElseGet(() -> EpochMillis.after(lastSeen, now));
        appliedUpdate = update;
    }

    AppUpdate appliedUpdate() {
        return appliedUpdate;
    }

    public String appId() {
        return appId;
    }

    public App toApp() {
        return new App(appId, pools == null ? List.of() : pools, triggers == null ? List.of() : triggers,
                meta == null ? Map.of() : meta, protocolVersion, EpochMillis.toInstant(registered),
                EpochMillis.toInstant(lastSeen), Boolean.TRUE.equals(rehydrated));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppEntity other && appId != null && appId.equals(other.appId);
    }

    @Override
    public int hashCode() {
        return appId == null ? 0 : appId.hashCode();
    }
}
