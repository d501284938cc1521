package io.latzero.persistence.app;

import io.latzero.persistence.internal.json.Validate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fields to change on an app; a field left unset keeps its stored value, a set field replaces it whole.
 * Build with {@link #builder()}: {@code AppUpdate.builder().triggers(List.of("a")).meta(Map.of()).build()}.
 */
public record AppUpdate(Optional<List<String>> pools, Optional<List<String>> triggers,
                        Optional<Map<String, Object>> meta, Optional<String> protocolVersion,
                        Optional<Instant> lastSeen, Optional<Boolean> rehydrated) {

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This update with every set field checked and copied as it will be stored (the JSON objects as they read back).
     *
     * @throws io.latzero.persistence.InvalidInputException naming the field that is not valid
     */
    public AppUpdate validated() {
        Optional<List<String>> validPools = pools.map(p -> Validate.ids("pools", p));
        Optional<List<String>> validTriggers = triggers.map(t -> Validate.ids("triggers", t));
        Optional<Map<String, Object>> validMeta = meta.map(m -> Validate.jsonObject("meta", m));
        return new AppUpdate(validPools, validTriggers, validMeta,
                protocolVersion.map(v -> Validate.id("protocolVersion", v)), lastSeen, rehydrated);
    }

    /** Builder of {@link AppUpdate}; every field starts unset. */
    public static final class Builder {
        private List<String> pools;
        private List<String> triggers;
        private Map<String, Object> meta;
        private String protocolVersion;
        private Instant lastSeen;
        private Boolean rehydrated;

        private Builder() {
        }

        public Builder pools(List<String> pools) {
            this.pools = pools;
            return this;
        }

        public Builder triggers(List<String> triggers) {
            this.triggers = triggers;
            return this;
        }

        public Builder meta(Map<String, Object> meta) {
            this.meta = meta;
            return this;
        }

        public Builder protocolVersion(String protocolVersion) {
            this.protocolVersion = protocolVersion;
            return this;
        }

        /** Sets {@code last_seen}; when unset, an update stamps it with the current time. */
        public Builder lastSeen(Instant lastSeen) {
            this.lastSeen = lastSeen;
            return this;
        }

        public Builder rehydrated(boolean rehydrated) {
            this.rehydrated = rehydrated;
            return this;
        }

        public AppUpdate build() {
            return new AppUpdate(Optional.ofNullable(pools), Optional.ofNullable(triggers), Optional.ofNullable(meta),
                    Optional.ofNullable(protocolVersion), Optional.ofNullable(lastSeen), Optional.ofNullable(rehydrated));
        }
    }
}
