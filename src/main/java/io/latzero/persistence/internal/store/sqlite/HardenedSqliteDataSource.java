package io.latzero.persistence.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * sqlite-jdbc data source that also applies the pragmas its config cannot express: {@code trusted_schema=OFF}
 * (a view or trigger in a hostile file cannot call application functions) and {@code cell_size_check=ON}; the
 * connections it hands out keep their prepared statements ({@link StatementCachingConnection}).
 */
final class HardenedSqliteDataSource extends SQLiteDataSource {
    private static final long serialVersionUID = 1L;

    HardenedSqliteDataSource(String url, SQLiteConfig config) {
        super(config);
        setUrl(url);
    }

    /** The connection HikariCP pools: statements prepared on it are kept for reuse. */
    @Override
    public Connection getConnection() throws SQLException {
        return StatementCachingConnection.wrap(getConnection(null, null));
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        SQLiteConnection connection = super.getConnection(username, password);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA trusted_schema=OFF");
            s.execute("PRAGMA cell_size_check=ON");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
