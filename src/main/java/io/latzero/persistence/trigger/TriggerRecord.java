package io.latzero.persistence.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An ephemeral trigger record (in-memory unit, {@code trigger_records}). Immutable.
 *
 * @param id                 the trigger's id
 * @param originAppId        the app that fired the trigger
 * @param originConnectionId the connection it arrived on
 * @param destination        the trigger name or app it is routed to
 * @param pool               the pool it was fired in, may be null
 * @param process            the process to run, may be null
 * @param created            when it was recorded
 * @param ttl                how long it lives; it expires at {@code created + ttl}
 * @param dispatchedTo       where it was dispatched, null while pending
 * @param completed          whether it completed
 * @param updated            when it last changed
 */
public record TriggerRecord(String id, String originAppId, long originConnectionId, String destination, String pool,
                            String process, Instant created, Duration ttl, String dispatchedTo, boolean completed,
                            Instant updated) {
    public TriggerRecord {
        Objects.requireNonNull(id, "id");
    }

    /** When the record expires. */
    public Instant expiresAt() {
        return created.plus(ttl);
    }

    /** Where the trigger was dispatched, if it was. */
    public Optional<String> dispatched() {
        return Optional.ofNullable(dispatchedTo);
    }
}
