package io.latzero.persistence.change.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What differs between backends in the change log: how a transaction finds its own revisions, the current revision,
 * and how a restore moves the counter forward. Reading and compacting are the same SQL on both.
 */
public abstract class ChangeLogDialect {
    /**
     * A page of the log and the horizon, read by one statement, so from one snapshot. Server-config values are not
     * logged (they may be secrets that must leave no copy once overwritten or removed): a config row's state is the
     * key's value now, null if it was removed since.
     */
    private static final String PAGE = "SELECT -1, 'horizon', '', '', NULL, NULL, revision FROM latzero_change_horizon"
            + " WHERE id = 1 UNION ALL SELECT * FROM (SELECT revision, entity, entity_key, op,"
            + " CASE WHEN entity = 'config' AND op <> 'delete'"
            + " THEN (SELECT value FROM server_config WHERE key = entity_key) ELSE state END, origin,"
            + " committed_at FROM latzero_changes WHERE revision > ? ORDER BY revision LIMIT ?) page";

    /**
     * Called on a transaction's first durable use, on its connection, under the write lock: a mark from which
     * {@link #ownRows} finds the transaction's rows; 0 where the backend needs none.
     */
    public abstract long mark(Connection c) throws SQLException;

    /**
     * The log rows the running transaction wrote since {@code mark}, in revision order, stamped with {@code origin}
     * where the backend does not know it by itself. Called after the transaction's last flush.
     */
    public abstract List<LogRow> ownRows(Connection c, long mark, String origin) throws SQLException;

    /** The last revision handed out (committed), or the horizon if that is larger. */
    public abstract long currentRevision(Connection c) throws SQLException;

    /**
     * Starts a new horizon after a restore, in one transaction: the restored log is dropped and the counter moves
     * past both {@code carried} (the last revision before the restore) and whatever the restored database had.
     *
     * @return the new horizon, which is also the current revision
     */
    public abstract long startNewHorizon(Connection c, long carried) throws SQLException;

    /** A source of wake-ups when another process commits, or null where polling is the only way. */
    public ExternalWakeups externalWakeups(DataSource dataSource) {
        return null;
    }

    /** Rows after {@code revision}, at most {@code limit}, and the horizon at the same instant. */
    public final Page page(Connection c, long revision, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(PAGE)) {
            s.setLong(1, revision);
            s.setInt(2, limit);
            long horizon = 0;
            List<LogRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long rev = rs.getLong(1);
                    if (rev == -1) {
                        horizon = rs.getLong(7);
                    } else {
                        rows.add(new LogRow(rev, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getLong(7)));
                    }
                }
            }
            rows.sort((a, b) -> Long.compare(a.revision(), b.revision()));
            return new Page(horizon, rows);
        }
    }

    /**
     * The revision below which changes may be compacted: by count (keeping {@code maxChanges}) and by age (rows
     * committed before {@code oldestKept}), looking at no more than {@code batch} of the oldest rows. The newest row
     * is always kept: on SQLite it holds the largest revision handed out, which the next one counts on.
     */
    public final long compactionBound(Connection c, long maxChanges, long oldestKept, int batch) throws SQLException {
        long current = currentRevision(c);
        long bound = current - maxChanges;
        try (PreparedStatement s = c.prepareStatement("SELECT revision, committed_at FROM latzero_changes"
                + " ORDER BY revision LIMIT ?")) {
            s.setInt(1, batch);
            long oldest = -1;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (oldest < 0) {
                        oldest = rs.getLong(1);
                    }
                    if (rs.getLong(2) < oldestKept) {
                        bound = Math.max(bound, rs.getLong(1));
                    }
                }
            }
            if (oldest < 0) {
                return 0;
            }
            return Math.min(Math.min(bound, oldest + batch - 1), current - 1);
        }
    }

    /** Deletes the rows up to {@code bound} and moves the horizon there, in one transaction; returns rows deleted. */
    public final int compact(Connection c, long bound) throws SQLException {
        return inTransaction(c, () -> {
            int deleted;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM latzero_changes WHERE revision <= ?")) {
                s.setLong(1, bound);
                deleted = s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE latzero_change_horizon SET revision = ?"
                    + " WHERE id = 1 AND revision < ?")) {
                s.setLong(1, bound);
                s.setLong(2, bound);
                s.executeUpdate();
            }
            return deleted;
        });
    }

    /** The horizon alone. */
    public final long horizon(Connection c) throws SQLException {
        return single(c, "SELECT revision FROM latzero_change_horizon WHERE id = 1");
    }

    static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static void update(Connection c, String sql, long value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, value);
            s.executeUpdate();
        }
    }

    interface SqlWork<T> {
        T run() throws SQLException;
    }

    static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** A page of the log. */
    public record Page(long horizon, List<LogRow> rows) {
    }

    /** Wake-ups from other processes' commits (PostgreSQL NOTIFY); a lost one only delays delivery to the next poll. */
    public interface ExternalWakeups extends AutoCloseable {
        /** Waits up to {@code millis} for a notification; returns whether one came. */
        boolean await(long millis) throws InterruptedException;

        @Override
        void close();
    }
}
