package io.latzero.persistence.event;

/**
 * A registered listener; {@link #close()} unregisters it. Closing is idempotent and ends this subscription only,
 * even when the same listener object is subscribed more than once.
 */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
