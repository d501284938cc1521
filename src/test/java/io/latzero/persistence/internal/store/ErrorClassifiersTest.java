package io.latzero.persistence.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.ConflictException;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.internal.store.postgres.PostgresErrors;
import io.latzero.persistence.internal.store.sqlite.SqliteErrors;
import io.latzero.persistence.internal.tx.Errors;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Each store reads its own database's error codes; the translation asks the classifiers of both units. */
class ErrorClassifiersTest {
    @Test
    void sqlite_reads_busy_and_locked_as_conflicts_and_key_constraints_as_duplicates() {
        assertThat(SqliteErrors.INSTANCE.isConflict(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY))).isTrue();
        assertThat(SqliteErrors.INSTANCE.isConflict(new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED)))
                .isTrue();
        assertThat(SqliteErrors.INSTANCE.isConflict(new SQLiteException("full", SQLiteErrorCode.SQLITE_FULL)))
                .isFalse();
        assertThat(SqliteErrors.INSTANCE.isDuplicateKey(
                new SQLiteException("pk", SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY))).isTrue();
        assertThat(SqliteErrors.INSTANCE.isDuplicateKey(
                new SQLiteException("fk", SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY))).isFalse();
        assertThat(SqliteErrors.INSTANCE.isConstraintViolation(
                new SQLiteException("fk", SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY))).isTrue();
        assertThat(SqliteErrors.INSTANCE.isConflict(new SQLException("serialization", "40001"))).isFalse();
    }

    @Test
    void postgresql_reads_sqlstates() {
        assertThat(PostgresErrors.INSTANCE.isConflict(new SQLException("serialization", "40001"))).isTrue();
        assertThat(PostgresErrors.INSTANCE.isConflict(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(PostgresErrors.INSTANCE.isDuplicateKey(new SQLException("unique", "23505"))).isTrue();
        assertThat(PostgresErrors.INSTANCE.isDuplicateKey(new SQLException("foreign key", "23503"))).isFalse();
        assertThat(PostgresErrors.INSTANCE.isConstraintViolation(new SQLException("foreign key", "23503"))).isTrue();
        assertThat(PostgresErrors.INSTANCE.isConflict(new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)))
                .isFalse();
    }

    @Test
    void a_failure_of_either_unit_is_translated_by_its_own_classifier() {
        Errors errors = new Errors(PostgresErrors.INSTANCE.or(SqliteErrors.INSTANCE));

        assertThat(errors.translate("a", new PersistenceException(new SQLException("lost", "40001"))))
                .isInstanceOf(ConflictException.class);
        assertThat(errors.translate("b", new PersistenceException(
                new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)))).isInstanceOf(ConflictException.class);
        assertThat(errors.translate("c", new PersistenceException(new SQLException("disk", "58030"))))
                .isInstanceOf(StorageException.class).hasMessage("c failed: disk");
    }
}
