package io.latzero.persistence.event;

/** A registered listener; {@link #close()} unregisters it (idempotent). */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
