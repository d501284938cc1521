package io.latzero.persistence.internal.tx;

import io.latzero.persistence.ConflictException;
import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.StorageException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.RollbackException;
import java.sql.SQLException;
import org.hibernate.HibernateException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.LockAcquisitionException;

/**
 * Translates whatever Hibernate, JPA or JDBC throws into the library's exception types; what a database's own error
 * codes mean is its store's {@link ErrorClassifier}'s to say.
 */
public final class Errors {
    private final ErrorClassifier classifier;

    public Errors(ErrorClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * The exception to throw for {@code e}: persistence failures (JPA, Hibernate, JDBC) become library
     * exceptions; library exceptions and the caller's own exceptions pass through unchanged.
     */
    public RuntimeException translate(String action, RuntimeException e) {
        if (e instanceof LatZeroPersistenceException || !isPersistenceFailure(e)) {
            return e;
        }
        return toLibrary(action, e);
    }

    private static boolean isPersistenceFailure(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PersistenceException || t instanceof HibernateException || t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private LatZeroPersistenceException toLibrary(String action, Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof LatZeroPersistenceException own) {
                return own;
            }
        }
        if (e instanceof RollbackException && e.getCause() != null) {
            return toLibrary(action, e.getCause());
        }
        if (isConflict(e)) {
            return new ConflictException(action + " failed: a concurrent change or a lock held by another process"
                    + " got in the way; nothing was committed, re-read and retry", e);
        }
        return new StorageException(action + " failed: " + rootMessage(e), e);
    }

    private boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof PessimisticLockException || t instanceof LockAcquisitionException) {
                return true;
            }
            if (t instanceof SQLException s && classifier.isConflict(s)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether {@code e} is an insert that failed on an existing primary or unique key. */
    public boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && classifier.isDuplicateKey(s)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
