package io.latzero.persistence.internal.tx;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A sequence lock over the durable database's committed state, for readers that combine a database read with
 * in-memory copies of committed state (the app cache). Every commit, and every exclusive change such as an import,
 * runs between {@link #beginWrite()} and {@link #endWrite()}, which also bracket the update of those copies. A
 * reader notes {@link #read()} first and trusts what it combined only if {@link #unchangedSince} says no change
 * began or ended meanwhile.
 */
public final class CommitSequence {
    private final AtomicLong sequence = new AtomicLong();

    /** The current value: even when no change is under way. */
    public long read() {
        return sequence.get();
    }

    /** Whether no change was under way at {@code before} and none has begun since. */
    public boolean unchangedSince(long before) {
        return (before & 1) == 0 && sequence.get() == before;
    }

    /** A change to committed state (and to the copies of it) begins. Called by the only writer at a time. */
    public void beginWrite() {
        sequence.incrementAndGet();
    }

    /** The change begun last is complete, copies included. */
    public void endWrite() {
        sequence.incrementAndGet();
    }
}
