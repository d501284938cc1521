package io.latzero.persistence.internal.tx;

import java.sql.SQLException;

/**
 * What a database's own error codes mean, for the failures the library names: a lost race with another writer, and
 * an insert on an existing key. Each store supplies one; {@link Errors} asks it about every {@link SQLException} in
 * a failure's cause chain.
 */
public interface ErrorClassifier {
    /** Whether {@code e} says the database was busy or locked, or the transaction lost a race and may be retried. */
    boolean isConflict(SQLException e);

    /** Whether {@code e} says an insert failed on an existing primary or unique key. */
    boolean isDuplicateKey(SQLException e);

    /** Whether {@code e} says a statement broke any constraint (a key, a foreign key, a check, not null). */
    boolean isConstraintViolation(SQLException e);

    /** A classifier that answers yes where this one or {@code other} does (for failures of either of two units). */
    default ErrorClassifier or(ErrorClassifier other) {
        if (other == this) {
            return this;
        }
        ErrorClassifier self = this;
        return new ErrorClassifier() {
            @Override
            public boolean isConflict(SQLException e) {
                return self.isConflict(e) || other.isConflict(e);
            }

            @Override
            public boolean isDuplicateKey(SQLException e) {
                return self.isDuplicateKey(e) || other.isDuplicateKey(e);
            }

            @Override
            public boolean isConstraintViolation(SQLException e) {
                return self.isConstraintViolation(e) || other.isConstraintViolation(e);
            }
        };
    }
}
