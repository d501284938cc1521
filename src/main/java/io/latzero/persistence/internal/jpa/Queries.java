package io.latzero.persistence.internal.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;

/**
 * The few whole-table queries (counts and ordered listings) as criteria queries: the same SQL as their HQL, without
 * the HQL parser, whose first use in a process (loading ANTLR and its grammar) costs a CLI command or a server's
 * first {@code getStats()} about as much as the query plans of every other call.
 */
public final class Queries {
    private Queries() {
    }

    /** {@code select count(e) from <entity> e}. */
    public static long count(EntityManager em, Class<?> entity) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        query.select(cb.count(query.from(entity)));
        return em.createQuery(query).getSingleResult();
    }

    /** {@code select e from <entity> e order by e.<attribute>}. */
    public static <T> TypedQuery<T> allOrderedBy(EntityManager em, Class<T> entity, String attribute) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<T> query = cb.createQuery(entity);
        Root<T> root = query.from(entity);
        query.select(root).orderBy(cb.asc(root.get(attribute)));
        return em.createQuery(query);
    }

    /**
     * {@code select e from <entity> e where e.<attribute> > :after order by e.<attribute>}, at most {@code limit}
     * rows: one page of a listing in key order.
     */
    public static <T> TypedQuery<T> pageAfter(EntityManager em, Class<T> entity, String attribute, String after,
                                              int limit) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<T> query = cb.createQuery(entity);
        Root<T> root = query.from(entity);
        query.select(root).where(cb.greaterThan(root.get(attribute), after)).orderBy(cb.asc(root.get(attribute)));
        return em.createQuery(query).setMaxResults(limit);
    }
}
