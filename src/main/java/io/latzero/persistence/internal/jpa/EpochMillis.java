package io.latzero.persistence.internal.jpa;

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

    /**
     * The stamp of a change made at {@code now} to a row last stamped {@code previous}: {@code now}, but always
     * later than {@code previous}. Every update then changes the row, so it is flushed, bumps the version and
     * fires its event even when it repeats the stored values within one millisecond.
     */
    public static long after(Long previous, long now) {
        return previous == null ? now : Math.max(now, previous + 1);
    }
}
