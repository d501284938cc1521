package io.latzero.persistence.change;

import io.latzero.persistence.LatZeroPersistenceException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store's change feed ({@code PersistenceManager.changes()}): every committed change of apps, pools, memory
 * blocks and server config, by whoever wrote it, in one total order of revisions. See {@code docs/change-feed.md}.
 */
public interface ChangeFeed {
    /** The revision of the last committed change (0 for a store that never changed). */
    long currentRevision();

    /**
     * The origin this manager stamps on its own changes ({@code latzero.persistence.change-log.origin}, or one made
     * up at start).
     */
    String origin();

    /**
     * Up to {@code limit} changes with a revision greater than {@code revision}, in revision order; empty when there
     * are none yet. Poll with the last revision returned.
     *
     * @throws CompactedException    if changes after {@code revision} are no longer held
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    List<Change> changesSince(long revision, int limit);

    /**
     * Delivers every change with a revision greater than {@code fromRevision}: the history first, then live changes
     * as they commit (on this or any other server), in revision order, each exactly once, on one background thread
     * of this manager. A listener that throws is logged and skipped (the change counts as delivered).
     *
     * @param onFailure called once if the watch cannot go on (history it needs was compacted, e.g. after a
     *                  restore: a {@link CompactedException}); the watch is then closed
     * @throws CompactedException if changes after {@code fromRevision} are no longer held
     */
    ChangeWatch watch(long fromRevision, Consumer<? super Change> listener,
                      Consumer<? super LatZeroPersistenceException> onFailure);

    /** As {@link #watch(long, Consumer, Consumer)}, logging a failure. */
    ChangeWatch watch(long fromRevision, Consumer<? super Change> listener);

    /**
     * Compacts now, in bounded batches, what the retention settings ({@code latzero.persistence.change-log.*}) no
     * longer keep; it also runs in the background every 30 seconds. Returns how many changes it removed.
     */
    int compact();

    /**
     * Changes committed by other writers (other servers, the CLI, external tools) from now on: a watch from the
     * current revision that skips this manager's own changes, which {@code on(...)} already reports.
     */
    ChangeWatch watchOthers(Consumer<? super Change> listener);
}
