package io.latzero.persistence.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Child JVM standing for an external tool (sqlite3 CLI, a backup agent): takes SQLite's write lock on a database with
 * {@code BEGIN IMMEDIATE}, prints {@code LOCKED}, holds it for the given milliseconds, commits, prints {@code RELEASED}.
 * Args: database file, milliseconds.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE server_config SET updated = updated WHERE key = 'no-such-key'");
            System.out.println("LOCKED");
            Thread.sleep(Long.parseLong(args[1]));
            s.execute("COMMIT");
            System.out.println("RELEASED");
        }
    }
}
