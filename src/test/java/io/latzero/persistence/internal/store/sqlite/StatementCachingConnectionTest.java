package io.latzero.persistence.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/** Prepared statements come back reset and unchanged, and never hold a read snapshot while kept. */
class StatementCachingConnectionTest {
    @TempDir
    Path dir;
    Connection reader;
    Connection writer;

    @BeforeEach
    void open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        String url = "jdbc:sqlite:" + dir.resolve("test.db");
        reader = StatementCachingConnection.wrap(config.createConnection(url));
        writer = config.createConnection(url);
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        reader.close();
        writer.close();
    }

    @Test
    void preparing_the_same_sql_again_reuses_the_statement_closed_before() throws SQLException {
        PreparedStatement first = reader.prepareStatement("SELECT v FROM t WHERE id = ?");
        JDBC4PreparedStatement physical = first.unwrap(JDBC4PreparedStatement.class);
        first.close();

        PreparedStatement second = reader.prepareStatement("SELECT v FROM t WHERE id = ?");

        assertThat(second.unwrap(JDBC4PreparedStatement.class)).isSameAs(physical);
        assertThat(first.isClosed()).isTrue();
        assertThat(second.isClosed()).isFalse();
    }

    @Test
    void a_statement_still_in_use_is_not_handed_out_twice() throws SQLException {
        try (PreparedStatement first = reader.prepareStatement("SELECT v FROM t");
             PreparedStatement second = reader.prepareStatement("SELECT v FROM t")) {
            assertThat(second.unwrap(JDBC4PreparedStatement.class)).isNotSameAs(first.unwrap(JDBC4PreparedStatement.class));
        }
    }

    @Test
    void a_kept_statement_comes_back_with_its_parameters_cleared() throws SQLException {
        try (PreparedStatement s = reader.prepareStatement("SELECT count(*) FROM t WHERE v = ?")) {
            s.setString(1, "a");
            s.executeQuery().close();
        }
        try (PreparedStatement s = reader.prepareStatement("SELECT count(*) FROM t WHERE v = ?");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("an unbound parameter is NULL, matching nothing").isZero();
        }
    }

    @Test
    void an_unfinished_query_closed_with_its_statement_leaves_no_read_snapshot_behind() throws SQLException {
        PreparedStatement query = reader.prepareStatement("SELECT v FROM t ORDER BY id");
        ResultSet rs = query.executeQuery();
        rs.next();
        query.close();

        try (Statement s = writer.createStatement()) {
            s.execute("INSERT INTO t (id, v) VALUES (3, 'c')");
        }
        try (PreparedStatement count = reader.prepareStatement("SELECT count(*) FROM t");
             ResultSet counted = count.executeQuery()) {
            counted.next();
            assertThat(counted.getInt(1)).isEqualTo(3);
        }
        try (Statement s = writer.createStatement(); ResultSet checkpoint = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            checkpoint.next();
            assertThat(checkpoint.getInt(1)).as("busy: a reader still holds a snapshot").isZero();
        }
    }

    @Test
    void a_statement_whose_settings_changed_is_closed_instead_of_kept() throws SQLException {
        PreparedStatement tuned = reader.prepareStatement("SELECT v FROM t");
        JDBC4PreparedStatement physical = tuned.unwrap(JDBC4PreparedStatement.class);
        tuned.setMaxRows(1);
        tuned.close();

        assertThat(physical.isClosed()).isTrue();
        try (PreparedStatement fresh = reader.prepareStatement("SELECT v FROM t")) {
            assertThat(fresh.getMaxRows()).isZero();
        }
    }

    @Test
    void using_a_statement_after_closing_it_fails() throws SQLException {
        PreparedStatement s = reader.prepareStatement("SELECT v FROM t");
        s.close();

        assertThatThrownBy(s::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void closing_the_connection_closes_every_kept_statement() throws SQLException {
        PreparedStatement s = reader.prepareStatement("SELECT v FROM t");
        JDBC4PreparedStatement physical = s.unwrap(JDBC4PreparedStatement.class);
        s.close();

        reader.close();

        assertThat(physical.isClosed()).isTrue();
        assertThat(reader.unwrap(SQLiteConnection.class).isClosed()).isTrue();
    }

    @Test
    void at_most_the_limit_of_distinct_statements_is_kept() throws SQLException {
        PreparedStatement first = reader.prepareStatement("SELECT 0");
        JDBC4PreparedStatement eldest = first.unwrap(JDBC4PreparedStatement.class);
        first.close();
        for (int i = 1; i <= StatementCachingConnection.MAX_STATEMENTS; i++) {
            reader.prepareStatement("SELECT " + i).close();
        }

        assertThat(eldest.isClosed()).isTrue();
    }
}
