package io.latzero.persistence.internal.store.postgres;

import io.latzero.persistence.internal.tx.ErrorClassifier;
import java.sql.SQLException;
import java.util.Set;

/** PostgreSQL's SQLSTATEs. */
public final class PostgresErrors implements ErrorClassifier {
    public static final PostgresErrors INSTANCE = new PostgresErrors();
    /**
     * A lost race between servers sharing a database: serialization failure, deadlock, and a unique key inserted by
     * another server between our existence check and our insert.
     */
    private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "23505");
    private static final String UNIQUE_VIOLATION = "23505";

    private PostgresErrors() {
    }

    @Override
    public boolean isConflict(SQLException e) {
        return e.getSQLState() != null && CONFLICT_STATES.contains(e.getSQLState());
    }

    /** Class 23: integrity constraint violation. */
    @Override
    public boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    @Override
    public boolean isDuplicateKey(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }
}
