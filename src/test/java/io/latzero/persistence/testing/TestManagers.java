package io.latzero.persistence.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Fixtures shared by the unit tests: managers on temporary directories, unique ids, raw SQL access. */
public final class TestManagers {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestManagers() {
    }

    /** Settings for a test: no automatic backups, NORMAL sync (tests check logic, not power-loss durability). */
    public static PersistenceConfig.Builder config(Path dataDir) {
        return PersistenceConfig.builder().dataDir(dataDir).backupInterval(Duration.ZERO).synchronous(Synchronous.NORMAL);
    }

    /** An initialized manager on a file database in {@code dataDir}. */
    public static PersistenceManager open(Path dataDir) {
        return open(config(dataDir).build());
    }

    /** An initialized manager with the given settings. */
    public static PersistenceManager open(PersistenceConfig config) {
        PersistenceManager manager = new PersistenceManager(config);
        manager.initialize();
        return manager;
    }

    /** An id no other test of this JVM uses, so tests can share a manager. */
    public static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    /** A read-only JDBC connection to a database file (the live one or a backup). */
    public static Connection readOnly(Path file) throws SQLException {
        Properties props = new Properties();
        props.setProperty("open_mode", "1");
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), props);
    }

    /** A read-write JDBC connection, for fixtures that prepare a database file by hand. */
    public static Connection readWrite(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Every row of the first column of {@code sql}, as strings. */
    public static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The single value of {@code sql}. */
    public static String single(Connection c, String sql) throws SQLException {
        List<String> values = column(c, sql);
        if (values.size() != 1) {
            throw new AssertionError(sql + " returned " + values);
        }
        return values.get(0);
    }

    /** Asserts that {@code call} is refused with an {@link InvalidInputException} naming {@code field}. */
    public static void assertInvalid(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }

    /**
     * The value of {@code count} once it is positive and has not changed for {@code quiet}; fails after 10 s. For
     * background work that must settle: work that never stops never gets there.
     */
    public static long awaitSteady(LongSupplier count, Duration quiet) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long before = count.getAsLong();
        while (true) {
            try {
                Thread.sleep(quiet.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            long now = count.getAsLong();
            if (now > 0 && now == before) {
                return now;
            }
            assertThat(System.nanoTime()).as("10 s without a quiet spell of %s", quiet).isLessThan(deadline);
            before = now;
        }
    }

    /** Waits until {@code condition} holds, failing after {@code limit} (a guard against hangs, not a speed check). */
    public static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting for " + what + " after " + limit);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }
}
