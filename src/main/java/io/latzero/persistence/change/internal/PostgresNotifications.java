package io.latzero.persistence.change.internal;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on {@code latzero_changes} on a connection of its own. Notifications only wake the reader, which then
 * reads the log: a notification lost with a dropped connection costs at most one poll interval. A broken
 * connection is dropped and opened again at the next wait.
 */
final class PostgresNotifications implements ChangeLogDialect.ExternalWakeups {
    private static final System.Logger LOG = System.getLogger(PostgresNotifications.class.getName());
    private final DataSource dataSource;
    private Connection connection;

    PostgresNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean await(long millis) throws InterruptedException {
        try {
            if (connection == null) {
                connection = dataSource.getConnection();
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN latzero_changes");
                }
            }
            PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications((int) Math.max(1, millis));
            return received != null && received.length > 0;
        } catch (SQLException e) {
            LOG.log(Level.DEBUG, "Listening for change notifications failed; polling until it works again", e);
            close();
            Thread.sleep(millis);
            return false;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try (Statement s = connection.createStatement()) {
                s.execute("UNLISTEN *");
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "UNLISTEN failed", e);
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "Closing the notification connection failed", e);
            }
            connection = null;
        }
    }
}
