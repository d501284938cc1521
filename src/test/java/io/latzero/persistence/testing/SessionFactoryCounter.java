package io.latzero.persistence.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;

/**
 * Counts the session factories Hibernate built and closed, when passed as
 * {@code hibernate.session_factory_observer}: whether a unit's factory outlived a failed or finished start; and the
 * flushes of their sessions so far (the library enables Hibernate's statistics).
 */
public final class SessionFactoryCounter implements SessionFactoryObserver {
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<SessionFactory> factories = new CopyOnWriteArrayList<>();

    @Override
    public void sessionFactoryCreated(SessionFactory factory) {
        created.incrementAndGet();
        factories.add(factory);
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

    /** Flushes of sessions of every factory built so far. */
    public long flushes() {
        return factories.stream().mapToLong(f -> f.getStatistics().getFlushCount()).sum();
    }
}
