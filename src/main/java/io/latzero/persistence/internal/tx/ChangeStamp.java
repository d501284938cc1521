package io.latzero.persistence.internal.tx;

import io.latzero.persistence.event.PersistenceEvent;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * How a durable transaction learns the revisions of its own changes (the change log, filled by database triggers):
 * it takes a mark when it first uses the durable unit and, after its last flush and before it commits, reads its
 * log rows and puts their revisions on its events. Both run under the write lock, on the transaction's connection.
 */
public interface ChangeStamp {
    /** No change log. */
    ChangeStamp NONE = new ChangeStamp() {
        @Override
        public long begin(EntityManager durable) {
            return 0;
        }

        @Override
        public void beforeCommit(EntityManager durable, long mark, List<PersistenceEvent> events) {
        }
    };

    /** Called when the transaction first uses the durable unit; what it returns is passed to {@link #beforeCommit}. */
    long begin(EntityManager durable);

    /** Called after the transaction's last flush, before its commit; may replace the events with stamped copies. */
    void beforeCommit(EntityManager durable, long mark, List<PersistenceEvent> events);
}
