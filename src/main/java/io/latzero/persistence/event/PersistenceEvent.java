package io.latzero.persistence.event;

/**
 * A committed change, delivered to listeners after its transaction commits, once per change, in commit order.
 * Events are immutable records carrying ids and values, never managed entities.
 */
public interface PersistenceEvent {
}
