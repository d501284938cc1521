package io.latzero.persistence.internal.tx;

import io.latzero.persistence.AlreadyExistsException;
import io.latzero.persistence.event.internal.EventCollector;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.function.Function;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionImplementor;

/**
 * Writes one repository change now and lets go of its entity. Flushing at once makes a failing statement fail the
 * call that caused it and collects its event; detaching afterwards keeps the persistence context of a long
 * transaction (1,000 creations in one) small, since every flush dirty-checks all it holds. Nothing is lost: the
 * row is written, and a later lookup in the same transaction reads it back. A {@link StatelessSession} holds no
 * entity and writes each change at once: it needs neither.
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

    /**
     * Inserts {@code entity}, a new row whose key is {@code id}, as {@link #andDetach} does; a row with that key
     * already there (as {@code errors} reads the failure) is an {@link AlreadyExistsException} naming
     * {@code kind}. In a transaction that {@code joined} a caller's, the key is looked up first, so the caller may
     * catch the exception and carry on; in a transaction of its own the primary key tells, one query fewer, and the
     * failed transaction is rolled back whole anyway.
     */
    public static <E, R> R insert(EntityManager em, Errors errors, boolean joined, E entity, Object id, String kind,
                                  Function<E, R> view) {
        if (joined && em.find(entity.getClass(), id) != null) {
            throw new AlreadyExistsException(kind, id.toString());
        }
        try {
            em.persist(entity);
            if (!joined) {
                // The transaction ends with this call, and its persistence context with it.
                em.flush();
                return view.apply(entity);
            }
            return andDetach(em, entity, view);
        } catch (PersistenceException e) {
            throw duplicateOr(e, errors, kind, id);
        }
    }

    /**
     * Inserts {@code entity}, a new row whose key is {@code id}, on a stateless session, in a transaction or a
     * statement of its own, which the failure leaves without a trace: a taken key (as {@code errors} reads it) is an
     * {@link AlreadyExistsException} naming {@code kind}.
     */
    public static <E, R> R insert(StatelessSession session, Errors errors, E entity, Object id, String kind,
                                  Function<E, R> view) {
        try {
            session.insert(entity);
            return view.apply(entity);
        } catch (PersistenceException e) {
            throw duplicateOr(e, errors, kind, id);
        }
    }

    private static RuntimeException duplicateOr(PersistenceException e, Errors errors, String kind, Object id) {
        return errors.isDuplicateKey(e) ? new AlreadyExistsException(kind, id.toString()) : e;
    }

    /**
     * Inserts {@code entity}, a new row whose key is {@code id} and whose mapping skips a row whose key is taken
     * ({@link KeyTakenCheck}), as {@link #insert(EntityManager, Errors, boolean, Object, Object, String, Function)}
     * does, without a query of its own: a key taken in the database (the insert wrote no row, so the flush's event
     * of it is dropped) or held in this persistence context is an {@link AlreadyExistsException} naming
     * {@code kind}, and the transaction goes on unharmed either way, so a caller of a transaction it {@code joined}
     * may catch the exception and carry on. Anything else the persistence context holds is flushed first (the
     * library flushes its own changes as it makes them; an extension's, through the entity manager, may be pending),
     * so the insert's flush writes this row alone and drops no other change's event.
     */
    public static <E, R> R insertUnlessTaken(EntityManager em, boolean joined, E entity, Object id, String kind,
                                             Function<E, R> view) {
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        if (session.getPersistenceContextInternal().containsEntity(
                session.generateEntityKey(id, session.getEntityPersister(null, entity)))) {
            throw new AlreadyExistsException(kind, id.toString());
        }
        if (session.getPersistenceContextInternal().getNumberOfManagedEntities() > 0) {
            // Whatever else is pending (an extension's change through the entity manager) is written, with its
            // events, by a flush of its own: the next one then holds this row alone, whose event may be dropped.
            em.flush();
        }
        int events = EventCollector.collected();
        em.persist(entity);
        boolean taken;
        try {
            em.flush();
        } finally {
            // Read even when the flush failed, so that no later insert on this thread sees this one's count.
            taken = KeyTakenCheck.taken();
        }
        if (taken) {
            EventCollector.keepFirst(events);
            em.detach(entity);
            throw new AlreadyExistsException(kind, id.toString());
        }
        R result = view.apply(entity);
        if (joined) {
            em.detach(entity);
        }
        return result;
    }

    /** Deletes the row of {@code type} with key {@code id} now, if there is one; whether there was. */
    public static boolean remove(EntityManager em, Class<?> type, Object id) {
        Object entity = em.find(type, id);
        if (entity == null) {
            return false;
        }
        em.remove(entity);
        em.flush();
        return true;
    }
}
