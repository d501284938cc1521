package io.latzero.persistence.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered application, as stored in {@code app_registry}. Immutable: lists and the metadata map are
 * unmodifiable deep copies.
 *
 * @param appId           the application's id (primary key)
 * @param pools           names of the pools the app belongs to
 * @param triggers        names of the triggers the app handles
 * @param meta            free-form JSON metadata
 * @param protocolVersion LatZero protocol version the app speaks
 * @param registered      when the app was first registered
 * @param lastSeen        when the app was last registered or updated
 * @param rehydrated      whether the app was restored from storage after a server restart
 */
public record App(String appId, List<String> pools, List<String> triggers, Map<String, Object> meta,
                  String protocolVersion, Instant registered, Instant lastSeen, boolean rehydrated) {
    public App {
        Objects.requireNonNull(appId, "appId");
        pools = List.copyOf(pools);
        triggers = List.copyOf(triggers);
        meta = Objects.requireNonNull(meta, "meta");
    }
}
