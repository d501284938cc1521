package io.latzero.persistence.trigger.internal;

import io.latzero.persistence.internal.jpa.Queries;
import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.Validate;
import io.latzero.persistence.internal.tx.Flush;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.trigger.TriggerRecord;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ephemeral trigger records in the in-memory unit. A change in a transaction of its own runs on a stateless session
 * (see {@link TransactionRunner#onEphemeral}), a creation as its one {@code INSERT} with no {@code BEGIN}/{@code COMMIT}
 * around it ({@link TransactionRunner#onEphemeralStatement}); inside a caller's transaction, on its entity manager.
 */
public final class TriggerRecordRepository {
    private static final String KIND = "trigger record";
    private static final String PURGE = "delete from TriggerRecordEntity t where t.created + t.ttl <= :now";
    private final TransactionRunner tx;

    public TriggerRecordRepository(TransactionRunner tx) {
        this.tx = tx;
    }

    public TriggerRecord create(String id, String originAppId, long originConnectionId, String destination, String pool,
                                String process, Duration ttl) {
        Validate.id("id", id);
        Validate.id("originAppId", originAppId);
        Validate.nonNegative("originConnectionId", originConnectionId);
        Validate.id("destination", destination);
        Validate.optionalId("pool", pool);
        Validate.text("process", process);
        long now = EpochMillis.now();
        long ttlMillis = ttlMillis(ttl, now);
        TriggerRecordEntity record = new TriggerRecordEntity(id, originAppId, originConnectionId, destination, pool,
                process, ttlMillis, now);
        return tx.onEphemeralStatement("createTriggerRecord",
                session -> Flush.insert(session, tx.errors(), record, id, KIND, TriggerRecordEntity::toRecord),
                uow -> Flush.insert(uow.ephemeral(), uow.errors(), true, record, id, KIND,
                        TriggerRecordEntity::toRecord));
    }

    /**
     * {@code ttl} in the whole milliseconds it is stored as (a remainder below 1 ms is dropped). Refused: not
     * positive, under 1 ms (it would be stored as 0, expired at once), or so long that the expiry, {@code created}
     * plus {@code ttl}, is past the largest epoch millisecond a long holds (about 292 million years from now).
     */
    private static long ttlMillis(Duration ttl, long created) {
        Validate.notNull("ttl", ttl);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new InvalidInputException("ttl", "must be positive, was " + ttl);
        }
        if (ttl.compareTo(Duration.ofMillis(1)) < 0) {
            throw new InvalidInputException("ttl", "must be at least 1 ms (it is stored in whole milliseconds), was " + ttl);
        }
        try {
            long millis = ttl.toMillis();
            Math.addExact(created, millis);
            return millis;
        } catch (ArithmeticException e) {
            throw new InvalidInputException("ttl", "is " + ttl + ": the record would expire after the largest epoch"
                    + " millisecond a long holds (about 292 million years from now)");
        }
    }

    public Optional<TriggerRecord> get(String id) {
        Validate.id("id", id);
        return tx.readEphemeral("getTriggerRecord", em -> Optional.ofNullable(em.find(TriggerRecordEntity.class, id))
                .map(TriggerRecordEntity::toRecord));
    }

    public TriggerRecord markDispatched(String id, String dispatchedTo) {
        Validate.id("id", id);
        Validate.id("dispatchedTo", dispatchedTo);
        return change("markTriggerDispatched", id, record -> record.dispatch(dispatchedTo, EpochMillis.now()));
    }

    public TriggerRecord complete(String id) {
        Validate.id("id", id);
        return change("completeTrigger", id, record -> record.complete(EpochMillis.now()));
    }

    /** Loads record {@code id}, applies {@code change} and writes it now; the record as changed. */
    private TriggerRecord change(String action, String id, Consumer<TriggerRecordEntity> change) {
        return tx.onEphemeral(action, session -> {
            TriggerRecordEntity record = found(session.get(TriggerRecordEntity.class, id), id);
            change.accept(record);
            session.update(record);
            return record.toRecord();
        }, uow -> {
            EntityManager em = uow.ephemeral();
            TriggerRecordEntity record = found(em.find(TriggerRecordEntity.class, id), id);
            change.accept(record);
            em.flush();
            return record.toRecord();
        });
    }

    /** Records for {@code destination} that are neither completed nor expired, oldest first. */
    public List<TriggerRecord> pending(String destination) {
        Validate.id("destination", destination);
        long now = EpochMillis.now();
        return tx.readEphemeral("getPendingTriggers", em -> em
                .createQuery("select t from TriggerRecordEntity t where t.destination = :destination"
                        + " and t.completed = false and t.created + t.ttl > :now order by t.created, t.id",
                        TriggerRecordEntity.class)
                .setParameter("destination", destination)
                .setParameter("now", now)
                .getResultStream().map(TriggerRecordEntity::toRecord).toList());
    }

    public boolean remove(String id) {
        Validate.id("id", id);
        return tx.onEphemeral("removeTriggerRecord", session -> {
            TriggerRecordEntity record = session.get(TriggerRecordEntity.class, id);
            if (record != null) {
                session.delete(record);
            }
            return record != null;
        }, uow -> Flush.remove(uow.ephemeral(), TriggerRecordEntity.class, id));
    }

    /** Deletes every expired record; returns how many. */
    public int purgeExpired() {
        long now = EpochMillis.now();
        return tx.onEphemeral("purgeExpiredTriggers",
                session -> session.createMutationQuery(PURGE).setParameter("now", now).executeUpdate(),
                uow -> uow.ephemeral().createQuery(PURGE).setParameter("now", now).executeUpdate());
    }

    public long count() {
        return tx.readEphemeral("count trigger records", em -> Queries.count(em, TriggerRecordEntity.class));
    }

    private static TriggerRecordEntity found(TriggerRecordEntity record, String id) {
        if (record == null) {
            throw new NotFoundException(KIND, id);
        }
        return record;
    }
}
