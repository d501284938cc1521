package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged, empty, foreign and hostile database files given to {@code initialize()} (as the live database) and to
 * {@code restoreBackup()}: refused before anything is swapped, with a hint to restore the newest good backup.
 * SQLite only: the files it damages are SQLite databases (the live one and {@code .db} backups); PostgreSQL's backups
 * are NDJSON exports, whose damaged and foreign forms the contract suite refuses.
 */
class HostileFilesIT {
    private static final int CORRUPTIONS = Integer.getInteger("latzero.corruptions", 60);

    @TempDir
    static Path shared;
    static Path good;

    @TempDir
    Path dir;

    /** A good LatZero database with some rows, as a finished backup file. */
    @BeforeAll
    static void makeGoodDatabase() {
        try (PersistenceManager pm = manager(shared.resolve("source"))) {
            pm.initialize();
            for (int i = 0; i < 200; i++) {
                pm.registerApp("app-" + i, List.of("t"), List.of("pool-" + i % 5), Map.of("i", i, "pad", "x".repeat(200)));
            }
            pm.saveServerConfig("k", "v");
            good = pm.createBackup();
        }
    }

    static PersistenceManager manager(Path dataDir) {
        return new PersistenceManager(PersistenceConfig.builder().dataDir(dataDir).backupInterval(Duration.ZERO).build());
    }

    /** Named hostile or damaged variants of the good database (each applied to a copy). */
    static Map<String, Consumer<Path>> hostileVariants() {
        Map<String, Consumer<Path>> variants = new LinkedHashMap<>();
        variants.put("text file", f -> TestFiles.write(f, "this is not a database\n".repeat(100)));
        variants.put("truncated to half", f -> truncate(f, size(f) / 2));
        variants.put("header destroyed", f -> overwrite(f, 0, new byte[100]));
        variants.put("foreign database", f -> {
            TestFiles.write(f, "");
            try (RawSqlite db = RawSqlite.open(f)) {
                db.execute("create table users (id integer primary key, name text)");
                db.execute("insert into users values (1, 'alice')");
            }
        });
        variants.put("trigger writing to another table", f -> sql(f, "create trigger spy after insert on app_registry"
                + " begin insert into server_config (key, value, updated) values ('stolen', new.meta, 0); end"));
        variants.put("view calling a function", f -> sql(f, "create view leak as select load_extension('/tmp/evil.so')"));
        variants.put("our trigger name with other SQL", f -> sql(f, "drop trigger app_pool_members_delete",
                "create trigger app_pool_members_delete after delete on app_registry"
                + " begin delete from pool_metadata; end"));
        variants.put("newer schema version", f -> sql(f, "insert into flyway_schema_history (installed_rank, version,"
                + " description, type, script, checksum, installed_by, installed_on, execution_time, success) values"
                + " (99, '99', 'future', 'SQL', 'V99__future.sql', 0, 'x', '2030-01-01', 0, 1)"));
        return variants;
    }

    @Test
    void initialize_refuses_damaged_foreign_and_hostile_databases_and_leaves_them_untouched() {
        int refused = 0;
        for (Map.Entry<String, Consumer<Path>> variant : hostileVariants().entrySet()) {
            Path dataDir = dir.resolve("init-" + refused);
            Path db = dataDir.resolve("latzero.db");
            TestFiles.copy(good, db);
            variant.getValue().accept(db);
            TestFiles.copy(good, dataDir.resolve("backups").resolve(good.getFileName()));
            String before = TestFiles.sha256(db);
            try (PersistenceManager pm = manager(dataDir)) {
                assertThatThrownBy(pm::initialize).as(variant.getKey())
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining(db.toString())
                        .hasMessageFindingMatch("(?i)restore the newest good backup")
                        .hasMessageContaining(good.getFileName().toString());
            }
            assertThat(TestFiles.sha256(db)).as(variant.getKey() + ": file untouched").isEqualTo(before);
            refused++;
        }
        System.out.println("HOSTILE-INIT: " + refused + "/" + hostileVariants().size()
                + " damaged, foreign or hostile live databases refused at initialize(), 0 modified");
    }

    @Test
    void an_empty_file_is_a_fresh_database_unless_backups_show_there_was_data() throws IOException {
        Path fresh = dir.resolve("fresh");
        Files.createDirectories(fresh);
        Files.createFile(fresh.resolve("latzero.db"));
        try (PersistenceManager pm = manager(fresh)) {
            pm.initialize();
            assertThat(pm.getAllApps()).isEmpty();
        }
        Path truncated = dir.resolve("truncated");
        Files.createDirectories(truncated);
        Files.createFile(truncated.resolve("latzero.db"));
        TestFiles.copy(good, truncated.resolve("backups").resolve(good.getFileName()));
        try (PersistenceManager pm = manager(truncated)) {
            assertThatThrownBy(pm::initialize).isInstanceOf(StorageException.class)
                    .hasMessageContaining("empty (0 bytes) although backups exist")
                    .hasMessageContaining(good.getFileName().toString());
        }
        assertThat(Files.size(truncated.resolve("latzero.db"))).isZero();
        System.out.println("EMPTY-FILE: 0-byte latzero.db without backups opens as a new database; with backups refused");
    }

    @Test
    void restore_refuses_damaged_foreign_hostile_and_altered_backups_before_swapping() throws IOException {
        Path dataDir = dir.resolve("live");
        try (PersistenceManager pm = manager(dataDir)) {
            pm.initialize();
            pm.registerApp("live-app", null, null, Map.of());
            Path backups = dataDir.resolve("backups");
            Files.createDirectories(backups);
            Map<String, Consumer<Path>> variants = new LinkedHashMap<>(hostileVariants());
            variants.put("empty file", f -> TestFiles.write(f, ""));
            int refused = 0;
            for (Map.Entry<String, Consumer<Path>> variant : variants.entrySet()) {
                Path candidate = backups.resolve("candidate-" + refused + ".db");
                TestFiles.copy(good, candidate);
                variant.getValue().accept(candidate);
                TestFiles.writeChecksum(candidate); // a matching checksum: the content checks must catch it
                assertRefusedUntouched(pm, dataDir, candidate, variant.getKey());
                refused++;
            }
            Path altered = backups.resolve("altered.db");
            TestFiles.copy(good, altered);
            TestFiles.writeChecksum(altered);
            flipOneValueByte(altered);
            assertThat(RawSqlite.integrityCheck(altered)).as("a changed value passes integrity_check").isEqualTo("ok");
            assertRefusedUntouched(pm, dataDir, altered, "altered after its checksum");
            Path unsummed = backups.resolve("unsummed.db");
            TestFiles.copy(good, unsummed);
            assertRefusedUntouched(pm, dataDir, unsummed, "no checksum file");
            System.out.println("HOSTILE-RESTORE: " + (refused + 2) + "/" + (variants.size() + 2) + " bad backups refused"
                    + " by restoreBackup() before any swap (incl. 1 altered value caught only by the checksum), live"
                    + " database unchanged");
        }
    }

    private static void assertRefusedUntouched(PersistenceManager pm, Path dataDir, Path candidate, String what) {
        List<Path> backupsBefore = pm.listBackups();
        assertThatThrownBy(() -> pm.restoreBackup(candidate)).as(what)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Refusing")
                .hasMessageFindingMatch("(?i)restore the newest good backup");
        assertThat(pm.getApp("live-app")).as(what + ": live database unchanged").isPresent();
        assertThat(pm.listBackups()).as(what + ": no safety backup taken, nothing swapped").isEqualTo(backupsBefore);
    }

    @Test
    void random_corruptions_are_refused_or_open_with_an_intact_structure() {
        long seed = Long.getLong("latzero.corruption.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < CORRUPTIONS; i++) {
            Path dataDir = dir.resolve("c" + i);
            Path db = dataDir.resolve("latzero.db");
            TestFiles.copy(good, db);
            String kind = corrupt(db, random);
            String outcome;
            try (PersistenceManager pm = manager(dataDir)) {
                pm.initialize();
                pm.getAllApps();
                outcome = "opened";
                try (RawSqlite raw = RawSqlite.open(db)) {
                    assertThat(raw.text("PRAGMA integrity_check")).as("seed " + seed + " #" + i + " " + kind).isEqualTo("ok");
                }
            } catch (StorageException e) {
                outcome = "refused";
            }
            outcomes.merge(outcome + " (" + kind + ")", 1, Integer::sum);
        }
        System.out.println("CORRUPTION: " + CORRUPTIONS + " seeded corruptions (seed " + seed + "), 0 JVM crashes, 0 other"
                + " exception types; " + outcomes + " (opened = structure intact; SQLite pages carry no checksum)");
        assertThat(outcomes.keySet()).allMatch(k -> k.startsWith("opened") || k.startsWith("refused"));
    }

    private static String corrupt(Path db, Random random) {
        long size = size(db);
        int pages = (int) (size / 4096);
        switch (random.nextInt(5)) {
            case 0 -> {
                truncate(db, random.nextInt((int) size));
                return "truncate";
            }
            case 1 -> {
                long at = random.nextInt((int) size);
                byte[] b = read(db, at, 1);
                b[0] ^= (byte) (1 << random.nextInt(8));
                overwrite(db, at, b);
                return "bit flip";
            }
            case 2 -> {
                overwrite(db, 4096L * random.nextInt(pages), new byte[4096]);
                return "zeroed page";
            }
            case 3 -> {
                byte[] garbage = new byte[64];
                random.nextBytes(garbage);
                overwrite(db, random.nextInt((int) size - 64), garbage);
                return "64 B garbage";
            }
            default -> {
                int a = 1 + random.nextInt(pages - 1);
                int b = 1 + random.nextInt(pages - 1);
                byte[] pa = read(db, 4096L * a, 4096);
                overwrite(db, 4096L * a, read(db, 4096L * b, 4096));
                overwrite(db, 4096L * b, pa);
                return "page swap";
            }
        }
    }

    /** Changes one character of a stored value in place: structurally valid, different content. */
    private static void flipOneValueByte(Path db) throws IOException {
        byte[] bytes = Files.readAllBytes(db);
        byte[] needle = "xxxxxxxxxx".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length - needle.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                overwrite(db, i, new byte[] {'y'});
                return;
            }
        }
        throw new AssertionError("no value to alter in " + db);
    }

    private static void sql(Path file, String... statements) {
        try (RawSqlite db = RawSqlite.open(file)) {
            for (String statement : statements) {
                db.execute(statement);
            }
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void truncate(Path f, long length) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void overwrite(Path f, long at, byte[] bytes) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at);
            raf.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] read(Path f, long at, int length) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            byte[] b = new byte[length];
            raf.seek(at);
            raf.readFully(b);
            return b;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
