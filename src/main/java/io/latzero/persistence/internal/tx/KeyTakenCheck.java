package io.latzero.persistence.internal.tx;

import java.sql.PreparedStatement;
import org.hibernate.HibernateException;
import org.hibernate.jdbc.Expectation;

/**
 * The row count check of an entity's insert that skips a row whose key is taken ({@code @SQLInsert} ending in
 * {@code ON CONFLICT (key) DO NOTHING}, on SQLite and PostgreSQL): one row is an insert, none a taken key, which
 * {@link Flush#insertUnlessTaken} reports. The count of a statement of its own is exact on every driver (a batched
 * one need not be), and it is checked on the flushing thread.
 */
public final class KeyTakenCheck implements Expectation {
    private static final ThreadLocal<Boolean> TAKEN = new ThreadLocal<>();

    @Override
    public boolean canBeBatched() {
        return false;
    }

    @Override
    public void verifyOutcome(int rowCount, PreparedStatement statement, int batchPosition, String sql) {
        if (rowCount == 0) {
            TAKEN.set(Boolean.TRUE);
        } else if (rowCount != 1) {
            throw new HibernateException("Unexpected row count " + rowCount + " (expected 1 or 0) for " + sql);
        }
    }

    /** Whether an insert checked on this thread found its key taken since the last call. */
    static boolean taken() {
        boolean taken = TAKEN.get() != null;
        TAKEN.remove();
        return taken;
    }
}
