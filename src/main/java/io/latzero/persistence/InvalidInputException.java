package io.latzero.persistence;

/** An argument was refused before anything was written; {@link #field()} names the offending argument. */
public class InvalidInputException extends LatZeroPersistenceException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The name of the argument or attribute that was refused, for example {@code "appId"}. */
    public String field() {
        return field;
    }
}
