package io.latzero.persistence.internal;

import java.time.Instant;

/** Timestamps are stored as INTEGER epoch milliseconds, as the Node implementation writes them. */
public final class EpochMillis {
    private EpochMillis() {
    }

    public static Instant toInstant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    public static long now() {
        return System.currentTimeMillis();
    }
}
