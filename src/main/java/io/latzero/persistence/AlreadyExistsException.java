package io.latzero.persistence;

/** A create call named an id that is already stored. Nothing was written. */
public class AlreadyExistsException extends LatZeroPersistenceException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String id;

    public AlreadyExistsException(String kind, String id) {
        super(kind + " '" + id + "' already exists");
        this.kind = kind;
        this.id = id;
    }

    /** What kind of record it is, for example {@code "app"}. */
    public String kind() {
        return kind;
    }

    /** The id that already exists. */
    public String id() {
        return id;
    }
}
