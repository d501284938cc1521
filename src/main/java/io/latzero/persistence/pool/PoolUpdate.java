package io.latzero.persistence.pool;

import io.latzero.persistence.internal.json.Validate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fields to change on a pool; unset fields keep their stored value, set ones replace it whole. */
public record PoolUpdate(Optional<PoolType> type, Optional<Boolean> encrypted, Optional<List<String>> owners,
                         Optional<Map<String, Object>> policies, Optional<String> description,
                         Optional<Map<String, Object>> config) {

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This update with every set field checked and copied as it will be stored (the JSON objects as they read back).
     *
     * @throws io.latzero.persistence.InvalidInputException naming the field that is not valid
     */
    public PoolUpdate validated() {
        Optional<List<String>> validOwners = owners.map(o -> Validate.ids("owners", o));
        Optional<Map<String, Object>> validPolicies = policies.map(p -> Validate.jsonObject("policies", p));
        Optional<Map<String, Object>> validConfig = config.map(c -> Validate.jsonObject("config", c));
        return new PoolUpdate(type, encrypted, validOwners, validPolicies,
                description.map(d -> Validate.text("description", d)), validConfig);
    }

    /** Builder of {@link PoolUpdate}; every field starts unset. */
    public static final class Builder {
        private PoolType type;
        private Boolean encrypted;
        private List<String> owners;
        private Map<String, Object> policies;
        private String description;
        private Map<String, Object> config;

        private Builder() {
        }

        public Builder type(PoolType type) {
            this.type = type;
            return this;
        }

        public Builder encrypted(boolean encrypted) {
            this.encrypted = encrypted;
            return this;
        }

        public Builder owners(List<String> owners) {
            this.owners = owners;
            return this;
        }

        public Builder policies(Map<String, Object> policies) {
            this.policies = policies;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Replaces the whole {@code config} object (the pool's other properties). */
        public Builder config(Map<String, Object> config) {
            this.config = config;
            return this;
        }

        public PoolUpdate build() {
            return new PoolUpdate(Optional.ofNullable(type), Optional.ofNullable(encrypted), Optional.ofNullable(owners),
                    Optional.ofNullable(policies), Optional.ofNullable(description), Optional.ofNullable(config));
        }
    }
}
