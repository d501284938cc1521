package io.latzero.persistence;

/**
 * A concurrent modification won: the record changed (or the database was busy) between this caller's read and
 * its write. Nothing of the caller's transaction was committed; it is safe to re-read and retry.
 */
public class ConflictException extends LatZeroPersistenceException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
