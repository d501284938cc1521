package io.latzero.persistence;

import java.util.Locale;
import java.util.Objects;

/**
 * A database server holding the durable unit instead of the local SQLite file, so that several LatZero servers
 * share one registry. Only PostgreSQL URLs ({@code jdbc:postgresql://host:port/db}) are accepted; engines speaking
 * its protocol (CockroachDB, YugabyteDB) are reached through the same URL form. Trigger records stay in each
 * server's own in-memory unit.
 *
 * @param url      JDBC URL, {@code jdbc:postgresql://...}; a {@code currentSchema} parameter chooses the schema
 * @param user     user name, or null to take it from the URL
 * @param password password, or null; never shown by {@link #toString()}
 * @param poolSize connections the library's pool keeps at most; default 10
 */
public record DurableDatabase(String url, String user, String password, int poolSize) {
    /** The pool size used when none is configured. */
    public static final int DEFAULT_POOL_SIZE = 10;
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** Checks the settings; an impossible value is refused with an {@link InvalidInputException} naming it. */
    public DurableDatabase {
        Objects.requireNonNull(url, "url");
        if (!url.toLowerCase(Locale.ROOT).startsWith(POSTGRESQL_PREFIX)) {
            throw new InvalidInputException("durable.url", "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        refuseControlCharacters("durable.url", url);
        refuseControlCharacters("durable.user", user);
        refuseControlCharacters("durable.password", password);
        if (poolSize < 1) {
            throw new InvalidInputException("durable.pool-size", "must be at least 1, was " + poolSize);
        }
    }

    private static void refuseControlCharacters(String field, String value) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, "must not contain control characters");
        }
    }

    @Override
    public String toString() {
        return "DurableDatabase[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize + "]";
    }
}
