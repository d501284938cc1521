package io.latzero.persistence.app.internal;

import io.latzero.persistence.internal.jpa.Queries;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.Validate;
import io.latzero.persistence.internal.tx.Flush;
import io.latzero.persistence.internal.tx.TransactionRunner;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** App registrations in the database: validation, then the change or the read in a transaction. */
public final class AppRepository implements Apps {
    /** Protocol version recorded for an app registered without one. */
    public static final String DEFAULT_PROTOCOL_VERSION = "1.0";
    private static final int IN_LIST_CHUNK = 512;

    private final TransactionRunner tx;

    public AppRepository(TransactionRunner tx) {
        this.tx = tx;
    }

    @Override
    public App register(String appId, List<String> triggers, List<String> pools, Map<String, ?> metadata) {
        Validate.id("appId", appId);
        List<String> validTriggers = Validate.ids("triggers", triggers);
        List<String> validPools = Validate.ids("pools", pools);
        Map<String, Object> meta = Validate.jsonObject("metadata", metadata);
        boolean joined = tx.current() != null;
        return tx.inTransaction(true, "registerApp", uow -> Flush.insert(uow.durable(), uow.errors(), joined,
                new AppEntity(appId, validPools, validTriggers, meta, DEFAULT_PROTOCOL_VERSION, EpochMillis.now()),
                appId, "app", AppEntity::toApp));
    }

    @Override
    public Optional<App> get(String appId) {
        Validate.id("appId", appId);
        return tx.read("getApp", em -> Optional.ofNullable(em.find(AppEntity.class, appId)).map(AppEntity::toApp));
    }

    @Override
    public App update(String appId, AppUpdate update) {
        Validate.id("appId", appId);
        AppUpdate valid = Validate.notNull("update", update).validated();
        return tx.inTransaction(true, "updateApp", uow -> {
            EntityManager em = uow.durable();
            AppEntity app = find(em, appId);
            app.apply(update, valid, EpochMillis.now());
            return Flush.andDetach(em, app, AppEntity::toApp);
        });
    }

    @Override
    public boolean remove(String appId) {
        Validate.id("appId", appId);
        return tx.inTransaction(true, "removeApp", uow -> Flush.remove(uow.durable(), AppEntity.class, appId));
    }

    @Override
    public List<App> all() {
        return tx.read("getAllApps", em ->
                Queries.allOrderedBy(em, AppEntity.class, "appId")
                .getResultStream().map(AppEntity::toApp).toList());
    }

    /** Up to {@code limit} apps whose ids sort after {@code after}, in id order. */
    List<App> page(String after, int limit) {
        return tx.read("fill the app cache", em -> Queries.pageAfter(em, AppEntity.class, "appId", after, limit)
                .getResultStream().map(AppEntity::toApp).toList());
    }

    @Override
    public List<App> byPool(String pool) {
        Validate.id("pool", pool);
        return tx.read("getAppsByPool", em -> em
                .createQuery("select a from AppEntity a, AppPoolMember m where m.pool = :pool and a.appId = m.appId"
                        + " order by a.appId", AppEntity.class)
                .setParameter("pool", pool)
                .getResultStream().map(AppEntity::toApp).toList());
    }

    /** The ids of the apps in {@code pool}, from the pool index, in id order. */
    List<String> idsInPool(String pool) {
        return tx.read("getAppsByPool", em -> em
                .createQuery("select m.appId from AppPoolMember m where m.pool = :pool order by m.appId", String.class)
                .setParameter("pool", pool)
                .getResultList());
    }

    /** The apps with these ids, read in chunks that stay under SQLite's limit on statement parameters. */
    List<App> loadAll(List<String> ids) {
        List<App> apps = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
            tx.read("getAppsByPool", em -> em
                    .createQuery("select a from AppEntity a where a.appId in :ids", AppEntity.class)
                    .setParameter("ids", chunk)
                    .getResultStream().map(AppEntity::toApp).toList()).forEach(apps::add);
        }
        return apps;
    }

    @Override
    public long count() {
        return tx.read("count apps", em -> Queries.count(em, AppEntity.class));
    }

    private static AppEntity find(EntityManager em, String appId) {
        AppEntity app = em.find(AppEntity.class, appId);
        if (app == null) {
            throw new NotFoundException("app", appId);
        }
        return app;
    }
}
