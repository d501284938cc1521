package io.latzero.persistence.change.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * PostgreSQL: revisions come from the counter row {@code latzero_revision}, whose lock a writing transaction holds
 * from its first change to its end, so revisions are in commit order across servers. The row also records which
 * transaction took revisions last and its first one: a transaction's own rows are that range. The origin comes
 * from the session setting {@code latzero.origin}, set on every connection of the pool.
 */
public final class PostgresChangeLogDialect extends ChangeLogDialect {
    @Override
    public long mark(Connection c) {
        return 0;
    }

    @Override
    public List<LogRow> ownRows(Connection c, long mark, String origin) throws SQLException {
        List<LogRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT l.revision, l.entity, l.entity_key, l.op, l.origin"
                + " FROM latzero_revision r JOIN latzero_changes l ON l.revision BETWEEN r.tx_first AND r.value"
                + " WHERE r.id = 1 AND r.tx = txid_current_if_assigned() ORDER BY l.revision");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new LogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), null,
                        rs.getString(5), 0));
            }
        }
        return rows;
    }

    @Override
    public long currentRevision(Connection c) throws SQLException {
        return Math.max(single(c, "SELECT value FROM latzero_revision WHERE id = 1"), horizon(c));
    }

    @Override
    public long startNewHorizon(Connection c, long carried) throws SQLException {
        return inTransaction(c, () -> {
            long horizon;
            try (PreparedStatement s = c.prepareStatement("UPDATE latzero_revision SET value = GREATEST(value, ?) + 1,"
                    + " tx = NULL, tx_first = NULL WHERE id = 1 RETURNING value")) {
                s.setLong(1, carried);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    horizon = rs.getLong(1);
                }
            }
            update(c, "DELETE FROM latzero_changes WHERE revision <= ?", horizon);
            update(c, "UPDATE latzero_change_horizon SET revision = ? WHERE id = 1", horizon);
            return horizon;
        });
    }

    @Override
    public ExternalWakeups externalWakeups(DataSource dataSource) {
        return new PostgresNotifications(dataSource);
    }
}
