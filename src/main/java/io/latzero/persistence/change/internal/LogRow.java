package io.latzero.persistence.change.internal;

/** One row of {@code latzero_changes}; {@code state} and {@code origin} are null where not read. */
public record LogRow(long revision, String entity, String key, String op, String state, String origin,
                     long committedAt) {
}
