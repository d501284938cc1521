package io.latzero.persistence.config.internal;

import io.latzero.persistence.internal.jpa.Queries;
import io.latzero.persistence.internal.jpa.EpochMillis;
import io.latzero.persistence.internal.json.Json;
import io.latzero.persistence.internal.json.Validate;
import io.latzero.persistence.internal.tx.Flush;
import io.latzero.persistence.internal.tx.TransactionRunner;
import jakarta.persistence.EntityManager;
import java.util.Optional;

/** Server configuration: one JSON value per key in {@code server_config}. */
public final class ServerConfigRepository {
    private final TransactionRunner tx;

    public ServerConfigRepository(TransactionRunner tx) {
        this.tx = tx;
    }

    public void save(String key, Object value) {
        Validate.id("key", key);
        String json = Json.write("value", value);
        tx.inTransaction(true, "saveServerConfig", uow -> {
            EntityManager em = uow.durable();
            ServerConfigEntity entry = em.find(ServerConfigEntity.class, key);
            if (entry == null) {
                em.persist(new ServerConfigEntity(key, json, EpochMillis.now()));
            } else {
                entry.replace(json, EpochMillis.now());
            }
            em.flush();
            return null;
        });
    }

    public Optional<Object> load(String key) {
        return loadJson(key).map(json -> Json.read("server_config.value", json));
    }

    public <T> Optional<T> load(String key, Class<T> type) {
        Validate.notNull("type", type);
        return loadJson(key).map(json -> Json.convert("server_config.value", json, type));
    }

    /** Removes a key; true if it was there. */
    public boolean remove(String key) {
        Validate.id("key", key);
        return tx.inTransaction(true, "removeServerConfig", uow ->
                Flush.remove(uow.durable(), ServerConfigEntity.class, key));
    }

    public long count() {
        return tx.read("count server config", em -> Queries.count(em, ServerConfigEntity.class));
    }

    private Optional<String> loadJson(String key) {
        Validate.id("key", key);
        return tx.read("loadServerConfig", em -> Optional.ofNullable(em.find(ServerConfigEntity.class, key))
                .map(ServerConfigEntity::json));
    }
}
