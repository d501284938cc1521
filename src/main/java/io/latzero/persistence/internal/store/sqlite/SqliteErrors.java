package io.latzero.persistence.internal.store.sqlite;

import io.latzero.persistence.internal.tx.ErrorClassifier;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite's result codes: {@code SQLITE_BUSY*} and {@code SQLITE_LOCKED*} are conflicts, key constraints duplicates. */
public final class SqliteErrors implements ErrorClassifier {
    public static final SqliteErrors INSTANCE = new SqliteErrors();

    private SqliteErrors() {
    }

    @Override
    public boolean isConflict(SQLException e) {
        if (!(e instanceof SQLiteException s) || s.getResultCode() == null) {
            return false;
        }
        String name = s.getResultCode().name();
        return name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED");
    }

    /** {@code SQLITE_CONSTRAINT} and its extended codes, whose primary code it is. */
    @Override
    public boolean isConstraintViolation(SQLException e) {
        return e.getErrorCode() == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
    }
}
