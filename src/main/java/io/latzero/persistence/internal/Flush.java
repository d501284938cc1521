package io.latzero.persistence.internal;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * Writes one repository change now and lets go of its entity. Flushing at once makes a failing statement fail the
 * call that caused it and collects its event; detaching afterwards keeps the persistence context of a long
 * transaction (1,000 creations in one) small, since every flush dirty-checks all it holds. Nothing is lost: the
 * row is written, and a later lookup in the same transaction reads it back.
 */
public final class Flush {
    private Flush() {
    }

    /** Flushes, takes the caller's view of {@code entity}, then detaches it. */
    public static <E, R> R andDetach(EntityManager em, E entity, Function<E, R> view) {
        em.flush();
        R result = view.apply(entity);
        em.detach(entity);
        return result;
    }
}
