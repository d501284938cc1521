package io.latzero.persistence.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4Connection;
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

    /** Each change of a statement's settings, by the name of the method making it. */
    private static Map<String, StatementCall> settings() {
        Map<String, StatementCall> settings = new LinkedHashMap<>();
        settings.put("setMaxRows", s -> s.setMaxRows(1));
        settings.put("setLargeMaxRows", s -> s.setLargeMaxRows(1));
        settings.put("setFetchSize", s -> s.setFetchSize(10));
        settings.put("setFetchDirection", s -> s.setFetchDirection(ResultSet.FETCH_FORWARD));
        settings.put("setQueryTimeout", s -> s.setQueryTimeout(7));
        settings.put("setEscapeProcessing", s -> s.setEscapeProcessing(false));
        settings.put("setCursorName", s -> s.setCursorName("c"));
        settings.put("setPoolable", s -> s.setPoolable(false));
        settings.put("closeOnCompletion", Statement::closeOnCompletion);
        settings.put("setMaxFieldSize", s -> s.setMaxFieldSize(100));
        return settings;
    }

    @Test
    void every_change_of_a_setting_closes_the_statement_instead_of_keeping_it() throws SQLException {
        for (Map.Entry<String, StatementCall> setting : settings().entrySet()) {
            PreparedStatement tuned = reader.prepareStatement("SELECT v FROM t");
            JDBC4PreparedStatement physical = tuned.unwrap(JDBC4PreparedStatement.class);
            setting.getValue().call(tuned);
            tuned.close();

            assertThat(physical.isClosed()).as(setting.getKey()).isTrue();
            try (PreparedStatement fresh = reader.prepareStatement("SELECT v FROM t")) {
                assertThat(fresh.unwrap(JDBC4PreparedStatement.class)).as(setting.getKey()).isNotSameAs(physical);
            }
        }
    }

    @Test
    void every_setter_of_a_statement_counts_as_a_change_of_its_settings() {
        String setters = Arrays.stream(Statement.class.getMethods())
                .filter(m -> m.getDeclaringClass() == Statement.class && m.getName().startsWith("set"))
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName)
                .sorted()
                .collect(Collectors.joining(", "));

        assertThat(settings().keySet().stream().filter(name -> name.startsWith("set")).sorted()
                .collect(Collectors.joining(", "))).isEqualTo(setters);
    }

    @Test
    void a_result_set_fetched_with_getResultSet_is_closed_with_its_statement() throws SQLException {
        PreparedStatement query = reader.prepareStatement("SELECT v FROM t ORDER BY id");
        JDBC4PreparedStatement physical = query.unwrap(JDBC4PreparedStatement.class);
        query.execute();
        ResultSet rs = query.getResultSet();
        rs.next();

        query.close();

        assertThat(rs.isClosed()).isTrue();
        assertThat(physical.isClosed()).as("kept, reset").isFalse();
    }

    @Test
    void every_call_on_a_closed_statement_but_isClosed_and_unwrap_fails() throws SQLException {
        PreparedStatement s = reader.prepareStatement("SELECT v FROM t WHERE id = ?");
        s.close();
        s.close();

        Map<String, StatementCall> calls = new LinkedHashMap<>(settings());
        calls.put("setInt", p -> p.setInt(1, 1));
        calls.put("execute", PreparedStatement::execute);
        calls.put("executeUpdate", PreparedStatement::executeUpdate);
        calls.put("executeLargeUpdate", PreparedStatement::executeLargeUpdate);
        calls.put("addBatch", PreparedStatement::addBatch);
        calls.put("getResultSet", Statement::getResultSet);
        calls.put("getMaxRows", Statement::getMaxRows);
        calls.put("getConnection", Statement::getConnection);
        calls.put("isWrapperFor", p -> p.isWrapperFor(JDBC4PreparedStatement.class));
        for (Map.Entry<String, StatementCall> call : calls.entrySet()) {
            assertThatThrownBy(() -> call.getValue().call(s)).as(call.getKey())
                    .isInstanceOf(SQLException.class).hasMessageContaining("closed");
        }
        assertThat(s.isClosed()).isTrue();
        assertThat(s.unwrap(JDBC4PreparedStatement.class)).isNotNull();
        assertThat(s.toString()).contains("SELECT v FROM t WHERE id = ?");
    }

    @Test
    void statements_equal_only_themselves_even_when_they_share_a_physical_statement() throws SQLException {
        PreparedStatement first = reader.prepareStatement("SELECT v FROM t");
        first.close();
        PreparedStatement second = reader.prepareStatement("SELECT v FROM t");

        assertThat(second.unwrap(JDBC4PreparedStatement.class)).isSameAs(first.unwrap(JDBC4PreparedStatement.class));
        assertThat(second).isNotEqualTo(first).isEqualTo(second);
        assertThat(second.hashCode()).isEqualTo(System.identityHashCode(second));
        assertThat(second.unwrap(PreparedStatement.class)).isSameAs(second);
        second.close();
    }

    @Test
    void a_forward_only_read_only_statement_is_kept_like_a_plain_one() throws SQLException {
        PreparedStatement plain = reader.prepareStatement("SELECT v FROM t");
        JDBC4PreparedStatement physical = plain.unwrap(JDBC4PreparedStatement.class);
        plain.close();

        try (PreparedStatement same = reader.prepareStatement("SELECT v FROM t", ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            assertThat(same.unwrap(JDBC4PreparedStatement.class)).isSameAs(physical);
        }
    }

    @Test
    void unwrapping_the_connection_reaches_the_driver_connection_and_equality_is_identity() throws SQLException {
        Connection other = StatementCachingConnection.wrap(writer);

        assertThat(reader.unwrap(SQLiteConnection.class)).isInstanceOf(JDBC4Connection.class);
        assertThat(reader.isWrapperFor(SQLiteConnection.class)).isTrue();
        assertThat(reader.isWrapperFor(String.class)).isFalse();
        assertThat(other.unwrap(SQLiteConnection.class)).isSameAs(writer);
        assertThat(other.unwrap(Connection.class)).isSameAs(other);
        assertThat(other).isNotEqualTo(StatementCachingConnection.wrap(writer)).isEqualTo(other);
        assertThat(other.hashCode()).isEqualTo(System.identityHashCode(other));
    }

    /** A call on a statement. */
    @FunctionalInterface
    private interface StatementCall {
        void call(PreparedStatement statement) throws SQLException;
    }
}
