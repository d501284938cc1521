package io.latzero.persistence.app.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.Synchronize;

/**
 * A row of {@code app_pool_members}, the index of pool membership. Database triggers keep it in step with
 * {@code app_registry.pools} (so rows written by the Node implementation are indexed too); read-only here.
 */
@Entity
@Immutable
@Table(name = "app_pool_members")
@IdClass(AppPoolMember.Key.class)
@Synchronize("app_registry")
public class AppPoolMember {
    @Id
    @Column(name = "pool")
    private String pool;

    @Id
    @Column(name = "app_id")
    private String appId;

    /** For JPA only. */
    protected AppPoolMember() {
    }

    /** Composite key (pool, app_id). */
    public record Key(String pool, String appId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
