package io.latzero.persistence.change;

/**
 * A running watch of the change feed; {@link #close()} ends it (idempotent). After it ends, resume a new watch
 * from {@link #lastRevision()} to lose nothing and repeat nothing.
 */
public interface ChangeWatch extends AutoCloseable {
    /** The revision of the last change handed to the listener, or the starting revision if none was. */
    long lastRevision();

    /** Whether it still delivers: false once closed, failed (compacted past it) or its manager shut down. */
    boolean isOpen();

    @Override
    void close();
}
