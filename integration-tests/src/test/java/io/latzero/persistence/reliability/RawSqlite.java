package io.latzero.persistence.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Plain sqlite-jdbc access for checks that must not go through the library under test. */
final class RawSqlite implements AutoCloseable {
    private final Connection connection;

    private RawSqlite(Connection connection) {
        this.connection = connection;
    }

    /** A read-write connection (so a hot WAL left by a killed writer is recovered, as any opener would). */
    static RawSqlite open(Path db) {
        return open(db, new Properties());
    }

    static RawSqlite readOnly(Path db) {
        Properties props = new Properties();
        props.setProperty("open_mode", "1");
        return open(db, props);
    }

    private static RawSqlite open(Path db, Properties props) {
        try {
            return new RawSqlite(DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), props));
        } catch (SQLException e) {
            throw new AssertionError("cannot open " + db + ": " + e.getMessage(), e);
        }
    }

    Connection connection() {
        return connection;
    }

    /** Every row of {@code sql}, each as a list of column values. */
    List<List<Object>> rows(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++) {
                    row.add(rs.getObject(c));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** The first column of every row, joined with "; " (how integrity_check reports). */
    String text(String sql) {
        StringBuilder out = new StringBuilder();
        for (List<Object> row : rows(sql)) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(row.get(0));
        }
        return out.toString();
    }

    void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code integrity_check} of a file, opened read-write so a hot WAL is recovered first. */
    static String integrityCheck(Path db) {
        try (RawSqlite sqlite = open(db)) {
            return sqlite.text("PRAGMA integrity_check");
        }
    }

    /**
     * A canonical dump of the LatZero tables (every row in primary-key order), to compare two states of a database
     * for equality without depending on page layout.
     */
    String contentFingerprint() {
        StringBuilder out = new StringBuilder();
        for (String table : List.of("app_registry", "pool_metadata", "memory_blocks", "server_config")) {
            out.append(table).append(rows("select * from " + table + " order by 1")).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Nothing to release.
        }
    }
}
