package io.latzero.persistence.internal.tx;

import io.latzero.persistence.internal.jpa.Database;

/**
 * A persistence unit as transactions see it: the database open for it now (a restore replaces it; null while none
 * is open) and how its SQL errors read. Its owner (a store) sets the database; the runner only reads it.
 */
public final class Unit {
    private final ErrorClassifier errors;
    private volatile Database database;

    public Unit(ErrorClassifier errors) {
        this.errors = errors;
    }

    public Database database() {
        return database;
    }

    public void database(Database database) {
        this.database = database;
    }

    public ErrorClassifier errors() {
        return errors;
    }

    /** Closes the open database, if any; none is open until the next is set. */
    public void closeDatabase() {
        Database open = database;
        if (open != null) {
            open.close();
            database = null;
        }
    }
}
