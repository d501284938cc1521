package io.latzero.persistence.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;

/**
 * Counts the session factories Hibernate built and closed, when passed as
 * {@code hibernate.session_factory_observer}: whether a unit's factory outlived a failed or finished start.
 */
public final class SessionFactoryCounter implements SessionFactoryObserver {
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    @Override
    public void sessionFactoryCreated(SessionFactory factory) {
        created.incrementAndGet();
    }

    @Override
    public void sessionFactoryClosed(SessionFactory factory) {
        closed.incrementAndGet();
    }

    public int created() {
        return created.get();
    }

    public int closed() {
        return closed.get();
    }
}
