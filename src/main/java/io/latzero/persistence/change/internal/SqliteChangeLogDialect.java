package io.latzero.persistence.change.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SQLite: one writer at a time, so revisions (the rowid: {@code max(revision) + 1}) are in commit order; a
 * transaction's rows are those after the largest revision it saw when it began (this process's write lock and
 * {@code BEGIN IMMEDIATE} keep every other writer out meanwhile). The library stamps its origin on them with the same
 * statement that reads them. The row with the largest revision is never deleted (compaction keeps the newest; a
 * restore leaves a marker at the new horizon), so no revision is handed out twice.
 */
public final class SqliteChangeLogDialect extends ChangeLogDialect {
    /** Prepared (so the connection's statement cache keeps it), and a seek to the table's last row. */
    private static final String LAST = "SELECT coalesce(max(revision), 0) FROM latzero_changes";

    @Override
    public long mark(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LAST); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public List<LogRow> ownRows(Connection c, long mark, String origin) throws SQLException {
        List<LogRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("UPDATE latzero_changes SET origin = ? WHERE revision > ?"
                + " RETURNING revision, entity, entity_key, op")) {
            s.setString(1, origin);
            s.setLong(2, mark);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), null, origin, 0));
                }
            }
        }
        // RETURNING gives no order guarantee.
        rows.sort(Comparator.comparingLong(LogRow::revision));
        return rows;
    }

    @Override
    public long currentRevision(Connection c) throws SQLException {
        return Math.max(mark(c), horizon(c));
    }

    @Override
    public long startNewHorizon(Connection c, long carried) throws SQLException {
        return inTransaction(c, () -> {
            long horizon = Math.max(carried, currentRevision(c)) + 1;
            try (var s = c.createStatement()) {
                s.executeUpdate("DELETE FROM latzero_changes");
            }
            // The marker holds the largest revision handed out, so the next change gets horizon + 1.
            update(c, "INSERT INTO latzero_changes (revision, entity, entity_key, op, state, origin, committed_at)"
                    + " VALUES (?, 'horizon', '', 'horizon', NULL, 'restore', 0)", horizon);
            update(c, "UPDATE latzero_change_horizon SET revision = ? WHERE id = 1", horizon);
            return horizon;
        });
    }
}
