package io.latzero.persistence.change.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SQLite: one writer at a time, so revisions ({@code AUTOINCREMENT}) are in commit order; a transaction's rows are
 * those after the sequence value it saw when it began (this process's write lock and {@code BEGIN IMMEDIATE} keep
 * every other writer out meanwhile). The library stamps its origin on them with the same statement that reads them.
 */
public final class SqliteChangeLogDialect extends ChangeLogDialect {
    private static final String SEQUENCE = "SELECT seq FROM sqlite_sequence WHERE name = 'latzero_changes'";

    @Override
    public long mark(Connection c) throws SQLException {
        return single(c, SEQUENCE);
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
        return Math.max(single(c, SEQUENCE), horizon(c));
    }

    @Override
    public long startNewHorizon(Connection c, long carried) throws SQLException {
        return inTransaction(c, () -> {
            long horizon = Math.max(carried, currentRevision(c)) + 1;
            try (var s = c.createStatement()) {
                s.executeUpdate("DELETE FROM latzero_changes");
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE sqlite_sequence SET seq = ? WHERE name = 'latzero_changes'")) {
                s.setLong(1, horizon);
                if (s.executeUpdate() == 0) {
                    update(c, "INSERT INTO sqlite_sequence (name, seq) VALUES ('latzero_changes', ?)", horizon);
                }
            }
            update(c, "UPDATE latzero_change_horizon SET revision = ? WHERE id = 1", horizon);
            return horizon;
        });
    }
}
