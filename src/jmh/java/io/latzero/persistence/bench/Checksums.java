package io.latzero.persistence.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * Checksums proving equal work: the statements of {@code bench/checksum.sql} (shared with the Node program in
 * {@code bench/node}), run by a plain read-only connection on the database a workload leaves, every row followed by a
 * newline fed to SHA-256 after a {@code table <name>} line, then a {@code result <line>} line summing up what the
 * workload read or returned. The first 12 hex digits are kept under {@code <bench.data>/checksums/} for the table.
 */
final class Checksums {
    static final List<String> APP_TABLES = List.of("app_registry", "app_pool_members");
    static final List<String> BLOCK_TABLES = List.of("memory_blocks");
    private static final Pattern TABLE = Pattern.compile("^-- table: (\\w+)");

    private Checksums() {
    }

    /** The checksum of {@code tables} in {@code database} (none read if null) and {@code result}. */
    static String of(Path database, List<String> tables, String result) {
        MessageDigest sha = sha256();
        if (database != null) {
            Map<String, String> statements = statements();
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), config.toProperties());
                 Statement s = c.createStatement()) {
                for (String table : tables) {
                    update(sha, "table " + table);
                    try (ResultSet rs = s.executeQuery(statements.get(table))) {
                        while (rs.next()) {
                            update(sha, rs.getString(1));
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        update(sha, "result " + result);
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    private static void update(MessageDigest sha, String line) {
        sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statements of {@code bench/checksum.sql} by table ({@code bench.checksumSql} names another file). */
    static Map<String, String> statements() {
        Path file = Path.of(System.getProperty("bench.checksumSql", "bench/checksum.sql"));
        Map<String, String> out = new HashMap<>();
        String table = null;
        StringBuilder sql = new StringBuilder();
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher m = TABLE.matcher(line);
                if (m.find()) {
                    table = m.group(1);
                    sql.setLength(0);
                    continue;
                }
                if (table == null || line.startsWith("--")) {
                    continue;
                }
                sql.append(line).append('\n');
                if (line.stripTrailing().endsWith(";")) {
                    String text = sql.toString().strip();
                    out.put(table, text.substring(0, text.length() - 1));
                    table = null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checksum statements " + file.toAbsolutePath(), e);
        }
        return out;
    }

    /** Keeps {@code checksum} for the table under {@code key} (e.g. {@code W1|library|FULL|1|warm}). */
    static void record(String key, String checksum) {
        try {
            Path dir = Files.createDirectories(dir());
            Files.writeString(dir.resolve(fileName(key)), checksum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> recorded(String key) {
        Path file = dir().resolve(fileName(key));
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dir() {
        return Path.of(System.getProperty("bench.data", System.getProperty("java.io.tmpdir"))).resolve("checksums");
    }

    private static String fileName(String key) {
        return key.replace('|', '_') + ".txt";
    }
}
