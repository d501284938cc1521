package io.latzero.persistence.change.internal;

/**
 * One row of {@code latzero_changes}; {@code state} and {@code origin} are null where not read. For a server-config
 * change read as a page, {@code state} is the key's current value (JSON text), null if it was removed since.
 */
public record LogRow(long revision, String entity, String key, String op, String state, String origin,
                     long committedAt) {
}
