package io.latzero.persistence.pool.internal;

import io.latzero.persistence.internal.jpa.Queries;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.Validate;
import io.latzero.persistence.internal.tx.Flush;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.pool.Pool;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pool metadata: validation, then the change in a transaction; every method is the facade's. */
public final class PoolRepository {
    private final TransactionRunner tx;

    public PoolRepository(TransactionRunner tx) {
        this.tx = tx;
    }

    public Pool create(String name, PoolType type, boolean encrypted, Map<String, ?> properties) {
        Validate.id("name", name);
        Validate.notNull("type", type);
        Map<String, Object> props = Validate.jsonObject("properties", properties);
        String description = description(props.get("description"));
        List<String> owners = owners(props.get("owners"));
        Map<String, Object> policies = policies(props.get("policies"));
        Map<String, Object> config = Validate.without(props, "description", "owners", "policies");
        boolean joined = tx.current() != null;
        return tx.inTransaction(true, "createPool", uow -> Flush.insert(uow.durable(), uow.errors(), joined,
                new PoolEntity(name, type, encrypted, owners, policies, description,
                        java.util.Collections.unmodifiableMap(config), EpochMillis.now()),
                name, "pool", PoolEntity::toPool));
    }

    public Optional<Pool> get(String name) {
        Validate.id("name", name);
        return tx.read("getPool", em -> Optional.ofNullable(em.find(PoolEntity.class, name)).map(PoolEntity::toPool));
    }

    public Pool update(String name, PoolUpdate update) {
        Validate.id("name", name);
        PoolUpdate valid = Validate.notNull("update", update).validated();
        return tx.inTransaction(true, "updatePool", uow -> {
            EntityManager em = uow.durable();
            PoolEntity pool = em.find(PoolEntity.class, name);
            if (pool == null) {
                throw new NotFoundException("pool", name);
            }
            pool.apply(update, valid, EpochMillis.now());
            return Flush.andDetach(em, pool, PoolEntity::toPool);
        });
    }

    public boolean remove(String name) {
        Validate.id("name", name);
        return tx.inTransaction(true, "removePool", uow -> Flush.remove(uow.durable(), PoolEntity.class, name));
    }

    public List<Pool> all() {
        return tx.read("getAllPools", em ->
                Queries.allOrderedBy(em, PoolEntity.class, "name")
                .getResultStream().map(PoolEntity::toPool).toList());
    }

    public List<Pool> byType(PoolType type) {
        Validate.notNull("type", type);
        return tx.read("getPoolsByType", em -> em
                .createQuery("select p from PoolEntity p where p.type = :type order by p.name", PoolEntity.class)
                .setParameter("type", type)
                .getResultStream().map(PoolEntity::toPool).toList());
    }

    public long count() {
        return tx.read("count pools", em -> Queries.count(em, PoolEntity.class));
    }

    private static String description(Object value) {
        if (value != null && !(value instanceof String)) {
            throw new InvalidInputException("properties.description", "must be a string");
        }
        return Validate.text("properties.description", (String) value);
    }

    @SuppressWarnings("unchecked")
    private static List<String> owners(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof String))) {
            throw new InvalidInputException("properties.owners", "must be a list of app ids");
        }
        return Validate.ids("properties.owners", (List<String>) list);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policies(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidInputException("properties.policies", "must be a JSON object");
        }
        return (Map<String, Object>) map;
    }
}
