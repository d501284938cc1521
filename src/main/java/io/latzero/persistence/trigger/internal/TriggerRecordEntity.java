package io.latzero.persistence.trigger.internal;

import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.trigger.TriggerRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import org.hibernate.type.NumericBooleanConverter;

/** A row of {@code trigger_records} in the in-memory unit; {@code ttl} is in milliseconds. */
@Entity
@Table(name = "trigger_records")
public class TriggerRecordEntity {
    @Id
    @Column(name = "id")
    private String id;

    @Column(name = "origin_app_id")
    private String originAppId;

    @Column(name = "origin_connection_id")
    private Long originConnectionId;

    @Column(name = "destination")
    private String destination;

    @Column(name = "pool")
    private String pool;

    @Column(name = "process")
    private String process;

    @Column(name = "created")
    private Long created;

    @Column(name = "ttl")
    private Long ttl;

    @Column(name = "dispatched_to")
    private String dispatchedTo;

    @Convert(converter = NumericBooleanConverter.class)
    @Column(name = "completed")
    private Boolean completed;

    @Column(name = "updated")
    private Long updated;

    /** For JPA only. */
    protected TriggerRecordEntity() {
    }

    public TriggerRecordEntity(String id, String originAppId, long originConnectionId, String destination, String pool,
                               String process, long ttlMillis, long now) {
        this.id = id;
        this.originAppId = originAppId;
        this.originConnectionId = originConnectionId;
        this.destination = destination;
        this.pool = pool;
        this.process = process;
        this.ttl = ttlMillis;
        this.created = now;
        this.updated = now;
        this.completed = false;
    }

    public void dispatch(String to, long now) {
        dispatchedTo = to;
        updated = now;
    }

    public void complete(long now) {
        completed = true;
        updated = now;
    }

    public TriggerRecord toRecord() {
        return new TriggerRecord(id, originAppId, originConnectionId == null ? 0 : originConnectionId, destination, pool,
                process, EpochMillis.toInstant(created), Duration.ofMillis(ttl == null ? 0 : ttl), dispatchedTo,
                Boolean.TRUE.equals(completed), EpochMillis.toInstant(updated));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TriggerRecordEntity other && id != null && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id == null ? 0 : id.hashCode();
    }
}
