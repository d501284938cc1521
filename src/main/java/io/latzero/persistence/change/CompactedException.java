package io.latzero.persistence.change;

import io.latzero.persistence.LatZeroPersistenceException;

/**
 * The history asked for is gone: compacted by the retention settings, or before a restore. Nothing was delivered
 * from it. Reload the state (read what you need), note {@code PersistenceManager.currentRevision()} before reading,
 * and resume from that revision.
 */
public class CompactedException extends LatZeroPersistenceException {
    private static final long serialVersionUID = 1L;
    private final long requestedRevision;
    private final long oldestRevision;

    public CompactedException(long requestedRevision, long oldestRevision) {
        super("The change feed no longer holds the changes after revision " + requestedRevision
                + ": they were compacted (or precede a restore). The oldest revision still held is " + oldestRevision
                + ", so a watch may resume from " + (oldestRevision - 1) + " or later; reload the state and resume"
                + " from the current revision.");
        this.requestedRevision = requestedRevision;
        this.oldestRevision = oldestRevision;
    }

    /** The revision the caller asked to resume after. */
    public long requestedRevision() {
        return requestedRevision;
    }

    /** The oldest revision still held (the next one written, if none is held); resuming from one below it works. */
    public long oldestRevision() {
        return oldestRevision;
    }
}
