package io.latzero.persistence.internal.tx;

import io.latzero.persistence.internal.jpa.Database;

/**
 * A persistence unit as transactions see it: the database open for it now (a restore replaces it; null while none
 * is open) and how its SQL errors read. Its owner (a store) sets the database; the runner only reads it, through
 * {@link #open()} where a transaction is about to use it, so a unit that opens on first use opens there.
 */
public final class Unit {
    private final ErrorClassifier errors;
    private final Runnable openOnFirstUse;
    private volatile Database database;

    public Unit(ErrorClassifier errors) {
        this(errors, null);
    }

    /** A unit its owner opens by {@code openOnFirstUse} when a transaction first needs it (null: opened by the owner). */
    public Unit(ErrorClassifier errors, Runnable openOnFirstUse) {
        this.errors = errors;
        this.openOnFirstUse = openOnFirstUse;
    }

    /** The open database, or null; opens nothing. */
    public Database database() {
        return database;
    }

    /** The database for a transaction about to use the unit: opened first if the unit opens on first use. */
    public Database open() {
        Database open = database;
        if (open == null && openOnFirstUse != null) {
            openOnFirstUse.run();
            open = database;
        }
        return open;
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
