package io.latzero.persistence;

/** A call that asserts a record exists (an update, a trigger transition) named an id that is not stored. */
public class NotFoundException extends LatZeroPersistenceException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String id;

    public NotFoundException(String kind, String id) {
        super(kind + " '" + id + "' not found");
        this.kind = kind;
        this.id = id;
    }

    /** What kind of record was looked for, for example {@code "pool"}. */
    public String kind() {
        return kind;
    }

    /** The id that was not found. */
    public String id() {
        return id;
    }
}
