package io.latzero.persistence.event;

/**
 * A committed change, delivered to listeners after its transaction commits, once per change, in commit order.
 * Events are immutable records carrying ids and values, never managed entities.
 */
public interface PersistenceEvent {
    /**
     * The revision of the durable change this event reports (see {@code PersistenceManager.watch}): strictly
     * increasing in commit order over the whole store. 0 for an event that is no durable change (a backup) or
     * whose revision is not known.
     */
    default long revision() {
        return 0;
    }
}
