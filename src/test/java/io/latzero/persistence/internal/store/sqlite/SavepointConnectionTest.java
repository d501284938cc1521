package io.latzero.persistence.internal.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/** An operation's begin, commit and rollback act on a savepoint in the batch's open SQLite transaction. */
class SavepointConnectionTest {
    @TempDir
    Path dir;
    Connection batch;
    final AtomicInteger broken = new AtomicInteger();
    final AtomicInteger rolledBack = new AtomicInteger();

    @BeforeEach
    void open() throws SQLException {
        batch = new SQLiteConfig().createConnection("jdbc:sqlite:" + dir.resolve("test.db"));
        try (Statement s = batch.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            s.execute("BEGIN IMMEDIATE");
        }
    }

    @AfterEach
    void close() throws SQLException {
        batch.close();
    }

    private Connection operation(boolean first) {
        return SavepointConnection.wrap(batch, first, broken::incrementAndGet, rolledBack::incrementAndGet);
    }

    private static void insert(Connection connection, int id) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO t (id) VALUES (?)")) {
            s.setInt(1, id);
            s.executeUpdate();
        }
    }

    private int rows() throws SQLException {
        try (Statement s = batch.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void a_later_operation_rolled_back_undoes_only_its_own_writes() throws SQLException {
        Connection first = operation(true);
        first.setAutoCommit(false);
        insert(first, 1);
        first.commit();
        Connection second = operation(false);
        second.setAutoCommit(false);
        insert(second, 2);

        second.rollback();

        assertThat(rows()).isEqualTo(1);
        assertThat(rolledBack).hasValue(0);
        assertThat(broken).hasValue(0);
        try (Statement s = batch.createStatement()) {
            s.execute("COMMIT");
        }
        assertThat(rows()).as("committed by the batch").isEqualTo(1);
    }

    @Test
    void the_first_operation_rolled_back_undoes_the_batch_and_reports_it() throws SQLException {
        Connection first = operation(true);
        first.setAutoCommit(false);
        insert(first, 1);

        first.rollback();

        assertThat(rows()).isZero();
        assertThat(rolledBack).hasValue(1);
        try (Statement s = batch.createStatement()) {
            assertThatThrownBy(() -> s.execute("COMMIT")).as("no transaction is open any more")
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void a_savepoint_that_cannot_be_released_reports_the_batch_broken() throws SQLException {
        Connection second = operation(false);
        second.setAutoCommit(false);
        try (Statement s = batch.createStatement()) {
            s.execute("ROLLBACK");
        }

        assertThatThrownBy(second::commit).isInstanceOf(SQLException.class);
        assertThat(broken).hasValue(1);
    }

    @Test
    void auto_commit_reads_whether_the_operation_has_begun() throws SQLException {
        Connection operation = operation(false);
        assertThat(operation.getAutoCommit()).isTrue();

        operation.setAutoCommit(false);
        assertThat(operation.getAutoCommit()).isFalse();

        operation.commit();
        assertThat(operation.getAutoCommit()).isTrue();
    }

    @Test
    void closing_an_operation_leaves_the_batch_connection_open() throws SQLException {
        Connection operation = operation(false);

        operation.close();

        assertThat(operation.isClosed()).isFalse();
        assertThat(batch.isClosed()).isFalse();
    }

    @Test
    void unwrapping_reaches_the_driver_connection_and_equality_is_identity() throws SQLException {
        Connection operation = operation(true);

        assertThat(operation.unwrap(SQLiteConnection.class)).isSameAs(batch);
        assertThat(operation.isWrapperFor(SQLiteConnection.class)).isTrue();
        assertThat(operation.unwrap(Connection.class)).isSameAs(operation);
        assertThat(operation).isNotEqualTo(operation(true)).isEqualTo(operation);
        assertThat(operation.hashCode()).isEqualTo(System.identityHashCode(operation));
    }
}
