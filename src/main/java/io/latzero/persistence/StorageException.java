package io.latzero.persistence;

/** The database or a file could not be read or written; {@link #getCause()} holds the underlying failure. */
public class StorageException extends LatZeroPersistenceException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
