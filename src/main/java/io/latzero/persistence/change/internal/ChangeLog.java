package io.latzero.persistence.change.internal;

import io.latzero.persistence.StorageException;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.change.CompactedException;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.internal.tx.ChangeStamp;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hibernate.Session;

/**
 * The change log of one manager's store: puts revisions on the events of this manager's transactions, remembers
 * the recent ones (they carry the applied update, which the log does not), reads pages of the log as
 * {@link Change}s, starts a new horizon after a restore and compacts.
 */
public final class ChangeLog implements ChangeStamp {
    /** How many of this manager's own recent events are kept to give feed readers their applied update. */
    private static final int RECENT_OWN = 4096;

    private final ChangeLogDialect dialect;
    private final Supplier<DataSource> dataSource;
    private final String origin;
    private final Map<Long, PersistenceEvent> recentOwn = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PersistenceEvent> eldest) {
            return size() > RECENT_OWN;
        }
    };

    public ChangeLog(ChangeLogDialect dialect, Supplier<DataSource> dataSource, String origin) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.origin = origin;
    }

    public String origin() {
        return origin;
    }

    ChangeLogDialect dialect() {
        return dialect;
    }

    DataSource dataSource() {
        return dataSource.get();
    }

    @Override
    public long begin(EntityManager durable) {
        return durable.unwrap(Session.class).doReturningWork(dialect::mark);
    }

    @Override
    public void beforeCommit(EntityManager durable, long mark, List<PersistenceEvent> events) {
        List<LogRow> rows = durable.unwrap(Session.class).doReturningWork(c -> dialect.ownRows(c, mark, origin));
        if (rows.isEmpty()) {
            return;
        }
        // Events are collected as their statements run, so they are in the rows' order; rows without an event
        // (server config) are skipped.
        int next = 0;
        for (int i = 0; i < events.size() && next < rows.size(); i++) {
            String[] logged = Revisions.logged(events.get(i));
            if (logged == null) {
                continue;
            }
            for (int r = next; r < rows.size(); r++) {
                LogRow row = rows.get(r);
                if (row.entity().equals(logged[0]) && row.key().equals(logged[1]) && row.op().equals(logged[2])) {
                    PersistenceEvent stamped = Revisions.withRevision(events.get(i), row.revision());
                    events.set(i, stamped);
                    remember(row.revision(), stamped);
                    next = r + 1;
                    break;
                }
            }
        }
    }

    private void remember(long revision, PersistenceEvent event) {
        synchronized (recentOwn) {
            recentOwn.put(revision, event);
        }
    }

    private PersistenceEvent recalled(long revision) {
        synchronized (recentOwn) {
            return recentOwn.get(revision);
        }
    }

    /** The last revision, read on {@code em}'s connection (in its transaction, if it has one). */
    public long currentRevision(EntityManager em) {
        return em.unwrap(Session.class).doReturningWork(dialect::currentRevision);
    }

    /** The last committed revision. */
    public long currentRevision() {
        return withConnection("reading the current revision", dialect::currentRevision);
    }

    /**
     * Up to {@code limit} changes after {@code revision}, in revision order.
     *
     * @throws CompactedException if changes after {@code revision} were compacted away
     */
    public List<Change> changesSince(long revision, int limit) {
        ChangeLogDialect.Page page = withConnection("reading the change log", c -> dialect.page(c, revision, limit));
        if (revision < page.horizon()) {
            throw new CompactedException(revision, page.horizon() + 1);
        }
        List<Change> changes = new ArrayList<>(page.rows().size());
        for (LogRow row : page.rows()) {
            changes.add(toChange(row));
        }
        return changes;
    }

    /** Fails if a watch from {@code revision} would start in compacted history. */
    public void requireHeld(long revision) {
        long horizon = withConnection("reading the change log horizon", dialect::horizon);
        if (revision < horizon) {
            throw new CompactedException(revision, horizon + 1);
        }
    }

    private Change toChange(LogRow row) {
        String writer = row.origin() == null ? "external" : row.origin();
        boolean local = writer.equals(origin);
        PersistenceEvent event = local ? recalled(row.revision()) : null;
        if (event == null) {
            event = ChangeDecoder.decode(row);
        }
        return new Change(row.revision(), writer, local, Instant.ofEpochMilli(row.committedAt()), event);
    }

    /** After a restore: the restored log is history before the new horizon; returns the horizon. */
    public long startNewHorizon(long carried) {
        return withConnection("starting a new change log horizon", c -> dialect.startNewHorizon(c, carried));
    }

    /**
     * Deletes, in batches of {@code batch} (each its own transaction), at most {@code maxBatches} batches of the
     * changes beyond {@code maxChanges} or committed before {@code oldestKept}; returns how many it deleted.
     */
    public int compact(long maxChanges, Instant oldestKept, int batch, int maxBatches) {
        int deleted = 0;
        for (int i = 0; i < maxBatches; i++) {
            int done = withConnection("compacting the change log", c -> {
                long bound = dialect.compactionBound(c, maxChanges, oldestKept.toEpochMilli(), batch);
                return bound > 0 && bound > dialect.horizon(c) ? dialect.compact(c, bound) : -1;
            });
            if (done < 0) {
                break;
            }
            deleted += done;
        }
        return deleted;
    }

    interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T withConnection(String what, SqlFunction<T> work) {
        DataSource ds = dataSource.get();
        if (ds == null) {
            throw new IllegalStateException("the durable database is closed");
        }
        try (Connection c = ds.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StorageException("Failed " + what + ": " + e.getMessage(), e);
        }
    }
}
