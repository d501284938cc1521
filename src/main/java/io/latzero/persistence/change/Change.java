package io.latzero.persistence.change;

import io.latzero.persistence.event.PersistenceEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One committed change of durable state, as the change feed delivers it.
 *
 * @param revision    its place in the store's total order of changes: strictly increasing in commit order, never
 *                    reused; equal to {@code event.revision()}
 * @param origin      who wrote it: the {@code origin} of the LatZero manager that committed it, {@code migration}
 *                    for what the tables held when the log started, {@code external} (SQLite) or
 *                    {@code external:<application_name>} (PostgreSQL) for any other writer
 * @param local       whether this manager wrote it
 * @param committedAt when the database logged it (the writer's clock on SQLite, the server's on PostgreSQL)
 * @param event       the change as the event types of {@code PersistenceManager.on(...)} describe it, plus
 *                    {@code ServerConfigSaved}/{@code ServerConfigRemoved}. Updates carry the applied update only
 *                    where this manager made them and still remembers them; otherwise {@code update()} is null
 */
public record Change(long revision, String origin, boolean local, Instant committedAt, PersistenceEvent event) {
    public Change {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(event, "event");
    }
}
