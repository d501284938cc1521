package io.latzero.persistence.pool;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pool's metadata, as stored in {@code pool_metadata}. Immutable.
 *
 * @param name        the pool's name (primary key)
 * @param type        local, global or encrypted
 * @param encrypted   whether the pool's contents are encrypted
 * @param owners      ids of the apps that own the pool
 * @param policies    access policies, a JSON object
 * @param description free text, may be null
 * @param created     when the pool was created
 * @param updated     when the pool was last changed
 * @param config      every other property given at creation or in updates
 */
public record Pool(String name, PoolType type, boolean encrypted, List<String> owners, Map<String, Object> policies,
                   String description, Instant created, Instant updated, Map<String, Object> config) {
    public Pool {
        Objects.requireNonNull(name, "name");
        owners = List.copyOf(owners);
        policies = Objects.requireNonNull(policies, "policies");
        config = Objects.requireNonNull(config, "config");
    }
}
