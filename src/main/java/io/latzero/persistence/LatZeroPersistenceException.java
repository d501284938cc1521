package io.latzero.persistence;

/**
 * Root of every exception the persistence layer throws. Unchecked; a caller that wants to handle any
 * persistence failure catches this type. Raw Hibernate, JPA or JDBC exceptions never escape the API.
 */
public class LatZeroPersistenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LatZeroPersistenceException(String message) {
        super(message);
    }

    public LatZeroPersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
