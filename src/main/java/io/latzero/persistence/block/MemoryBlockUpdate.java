package io.latzero.persistence.block;

import io.latzero.persistence.internal.json.Validate;
import java.util.Map;
import java.util.Optional;

/** Fields to change on a memory block; unset fields keep their stored value. Every update increments the version. */
public record MemoryBlockUpdate(Optional<String> name, Optional<String> pool, Optional<Long> size,
                                Optional<BlockType> type, Optional<Map<String, Object>> permissions,
                                Optional<Boolean> persistent, Optional<Boolean> encrypted,
                                Optional<Map<String, Object>> config) {

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This update with every set field checked and copied as it will be stored (the JSON objects as they read back).
     *
     * @throws io.latzero.persistence.InvalidInputException naming the field that is not valid
     */
    public MemoryBlockUpdate validated() {
        Optional<String> validName = name.map(n -> Validate.text("name", n));
        Optional<String> validPool = pool.map(p -> Validate.id("pool", p));
        Optional<Long> validSize = size.map(s -> Validate.nonNegative("size", s));
        return new MemoryBlockUpdate(validName, validPool, validSize, type,
                permissions.map(p -> Validate.jsonObject("permissions", p)), persistent, encrypted,
                config.map(c -> Validate.jsonObject("config", c)));
    }

    /** Builder of {@link MemoryBlockUpdate}; every field starts unset. */
    public static final class Builder {
        private String name;
        private String pool;
        private Long size;
        private BlockType type;
        private Map<String, Object> permissions;
        private Boolean persistent;
        private Boolean encrypted;
        private Map<String, Object> config;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder pool(String pool) {
            this.pool = pool;
            return this;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder type(BlockType type) {
            this.type = type;
            return this;
        }

        public Builder permissions(Map<String, Object> permissions) {
            this.permissions = permissions;
            return this;
        }

        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        public Builder encrypted(boolean encrypted) {
            this.encrypted = encrypted;
            return this;
        }

        /** Replaces the whole {@code config} object (the block's other options). */
        public Builder config(Map<String, Object> config) {
            this.config = config;
            return this;
        }

        public MemoryBlockUpdate build() {
            return new MemoryBlockUpdate(Optional.ofNullable(name), Optional.ofNullable(pool), Optional.ofNullable(size),
                    Optional.ofNullable(type), Optional.ofNullable(permissions), Optional.ofNullable(persistent),
                    Optional.ofNullable(encrypted), Optional.ofNullable(config));
        }
    }
}
