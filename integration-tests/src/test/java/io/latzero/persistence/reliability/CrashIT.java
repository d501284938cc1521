package io.latzero.persistence.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.internal.store.sqlite.LiveDatabaseCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM ({@link CrashWriter}) with SIGKILL at random moments, reopens the data directory with the
 * library after every kill and checks that every acknowledged commit is there, no transaction is half there, and
 * the cross-table invariants hold. {@code -Dlatzero.crash.rounds=1000} for a long run, {@code -Dlatzero.crash.seed}
 * to replay one.
 * SQLite only: it checks the durability of a database file the library owns (WAL, {@code synchronous}, fsync); on
 * PostgreSQL a commit's durability is the server's.
 */
class CrashIT {
    private static final int ROUNDS = Integer.getInteger("latzero.crash.rounds", 50);

    @TempDir
    Path dir;

    private final Set<Long> ackedGroups = new HashSet<>();
    private final Set<Long> ackedBatches = new HashSet<>();
    private final Map<Long, Long> ackedTouch = new HashMap<>();
    private long acks;
    private long unacked;
    private int integrityFailures;
    private int invariantFailures;
    private int fullChecks;
    private final List<String> failures = new ArrayList<>();

    @Test
    void no_acknowledged_commit_is_lost_when_the_writer_is_killed() {
        long seed = Long.getLong("latzero.crash.seed", System.nanoTime());
        System.out.println("CRASH seed " + seed + " (replay with -Dlatzero.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        int killedDuringStart = 0;
        long started = System.nanoTime();
        for (int round = 1; round <= ROUNDS; round++) {
            long childSeed = random.nextLong();
            boolean ready;
            try (ChildJvm child = ChildJvm.start(CrashWriter.class, dir.toString(), Long.toString(childSeed))) {
                if (random.nextInt(5) == 0) {
                    // Kill while the library opens: WAL recovery, quick_check, migration check.
                    child.runFor(random.nextInt(1500));
                    killedDuringStart += child.lines().contains("READY") ? 0 : 1;
                } else {
                    // The first commit loads Hibernate's write path; kill among the steady writes after it.
                    child.await(line -> line.startsWith("ACK"), Duration.ofSeconds(60));
                    child.runFor(20 + random.nextInt(300));
                }
                if (!child.isAlive()) {
                    failures.add("round " + round + ": the writer died by itself: " + child.stderrText());
                }
                child.kill();
                record(child.lines());
                ready = child.lines().contains("READY");
            }
            verify(round, seed, childSeed, ready);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        long lost = failures.stream().filter(f -> f.contains("lost")).count();
        System.out.println("CRASH: " + ROUNDS + " kills (" + killedDuringStart + " during initialize), " + acks
                + " acks, " + lost + " lost, " + integrityFailures + " integrity failures, " + invariantFailures
                + " invariant failures, " + unacked + " committed-unacked, " + fullChecks + " reopens ran the full"
                + " integrity_check (every one after a kill of an open database), " + seconds + " s, seed " + seed);
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    private void record(List<String> lines) {
        for (String line : lines) {
            String[] f = line.split(" ");
            if (!"ACK".equals(f[0])) {
                continue;
            }
            acks++;
            switch (f[1]) {
                case "G" -> ackedGroups.add(Long.parseLong(f[2]));
                case "B" -> ackedBatches.add(Long.parseLong(f[2]));
                case "U" -> ackedTouch.merge(Long.parseLong(f[2]), Long.parseLong(f[3]), Math::max);
                default -> throw new AssertionError("unexpected child line " + line);
            }
        }
    }

    /** Reopens with the library (recovering the WAL), then checks with raw SQL while it is open. */
    private void verify(int round, long seed, long childSeed, boolean childWasOpen) {
        String where = "round " + round + " (seed " + seed + ", child seed " + childSeed + "): ";
        try (PersistenceManager pm = new PersistenceManager(PersistenceConfig.builder().dataDir(dir)
                .backupInterval(Duration.ZERO).triggerPurgeInterval(Duration.ZERO).build())) {
            long checksBefore = LiveDatabaseCheck.fullChecks();
            pm.initialize();
            boolean fullCheck = LiveDatabaseCheck.fullChecks() > checksBefore;
            fullChecks += fullCheck ? 1 : 0;
            if (childWasOpen && !fullCheck) {
                // The killed writer had opened the database (and so removed the clean-shutdown marker).
                failures.add(where + "the reopen after a kill skipped the full integrity_check");
            }
            try (RawSqlite db = RawSqlite.open(dir.resolve("latzero.db"))) {
                String integrity = db.text("PRAGMA integrity_check");
                if (!"ok".equals(integrity)) {
                    integrityFailures++;
                    failures.add(where + "integrity_check: " + integrity);
                    return;
                }
                List<String> broken = invariants(db);
                if (!broken.isEmpty()) {
                    invariantFailures++;
                    failures.add(where + broken);
                }
                failures.addAll(lostAcks(db).stream().map(l -> where + l).toList());
            }
        } catch (RuntimeException e) {
            failures.add(where + "reopen failed: " + e);
        }
    }

    private List<String> invariants(RawSqlite db) {
        List<String> broken = new ArrayList<>();
        TreeMap<Long, Long> touch = new TreeMap<>();
        for (List<Object> row : db.rows("select substr(app_id, 5), json_extract(meta, '$.touch') from app_registry")) {
            touch.put(Long.parseLong((String) row.get(0)), ((Number) row.get(1)).longValue());
        }
        Map<Long, Integer> groupBlocks = new HashMap<>();
        Map<Long, Long> firstBlockSize = new HashMap<>();
        Map<Long, Integer> batchBlocks = new HashMap<>();
        for (List<Object> row : db.rows("select block_id, size from memory_blocks")) {
            String[] id = ((String) row.get(0)).split("-");
            long n = Long.parseLong(id[1]);
            if ("blk".equals(id[0])) {
                groupBlocks.merge(n, 1, Integer::sum);
                if ("0".equals(id[2])) {
                    firstBlockSize.put(n, ((Number) row.get(1)).longValue());
                }
            } else {
                batchBlocks.merge(n, 1, Integer::sum);
            }
        }
        if (!touch.isEmpty() && touch.lastKey() != touch.size()) {
            broken.add("groups are not 1.." + touch.lastKey() + " without gaps: " + touch.size() + " present");
        }
        for (long i : touch.keySet()) {
            if (groupBlocks.getOrDefault(i, 0) != CrashWriter.BLOCKS_PER_GROUP) {
                broken.add("app-" + i + " has " + groupBlocks.getOrDefault(i, 0) + " blocks (half transaction)");
            } else if (!touch.get(i).equals(firstBlockSize.get(i))) {
                broken.add("app-" + i + " touch " + touch.get(i) + " != blk-" + i + "-0 size " + firstBlockSize.get(i));
            }
        }
        for (long i : groupBlocks.keySet()) {
            if (!touch.containsKey(i)) {
                broken.add("blocks of group " + i + " without app-" + i + " (half transaction)");
            }
        }
        TreeSet<Long> batches = new TreeSet<>();
        batchBlocks.forEach((i, n) -> {
            if (n != CrashWriter.BLOCKS_PER_BATCH) {
                broken.add("batch " + i + " has " + n + " blocks (half transaction)");
            }
            batches.add(i);
        });
        long batchesInPools = db.rows("select json_extract(config, '$.batches') from pool_metadata").stream()
                .mapToLong(r -> ((Number) r.get(0)).longValue()).sum();
        if (batchesInPools != batches.size()) {
            broken.add("pools count " + batchesInPools + " batches, " + batches.size() + " present");
        }
        Map<String, Long> config = new HashMap<>();
        for (List<Object> row : db.rows("select key, json_extract(value, '$') from server_config")) {
            config.put((String) row.get(0), ((Number) row.get(1)).longValue());
        }
        if (!touch.isEmpty() && !touch.lastKey().equals(config.get("seq"))) {
            broken.add("config seq " + config.get("seq") + " but newest group " + touch.lastKey());
        }
        if (!batches.isEmpty() && !batches.last().equals(config.get("batch"))) {
            broken.add("config batch " + config.get("batch") + " but newest batch " + batches.last());
        }
        long members = ((Number) db.rows("select count(*) from app_pool_members m join app_registry a"
                + " on a.app_id = m.app_id and m.pool = 'pool-' || (cast(substr(a.app_id, 5) as integer) % 4)")
                .get(0).get(0)).longValue();
        if (members != touch.size()) {
            broken.add("app_pool_members has " + members + " matching rows for " + touch.size() + " apps");
        }
        String fk = db.text("PRAGMA foreign_key_check");
        if (!fk.isEmpty()) {
            broken.add("foreign_key_check: " + fk);
        }
        unacked = (touch.isEmpty() ? 0 : touch.lastKey() - ackedGroups.size())
                + (batches.isEmpty() ? 0 : batches.last() - ackedBatches.size())
                + ackedTouch.entrySet().stream().mapToLong(e -> Math.max(0, touch.getOrDefault(e.getKey(), 0L) - e.getValue())).sum();
        return broken;
    }

    private List<String> lostAcks(RawSqlite db) {
        List<String> lost = new ArrayList<>();
        Set<Long> groups = new HashSet<>();
        Map<Long, Long> touch = new HashMap<>();
        for (List<Object> row : db.rows("select substr(app_id, 5), json_extract(meta, '$.touch') from app_registry")) {
            long i = Long.parseLong((String) row.get(0));
            groups.add(i);
            touch.put(i, ((Number) row.get(1)).longValue());
        }
        Set<Long> batches = new HashSet<>();
        for (List<Object> row : db.rows("select distinct substr(block_id, 4, instr(substr(block_id, 4), '-') - 1)"
                + " from memory_blocks where block_id like 'bb-%'")) {
            batches.add(Long.parseLong((String) row.get(0)));
        }
        ackedGroups.stream().filter(i -> !groups.contains(i)).forEach(i -> lost.add("lost acked group " + i));
        ackedBatches.stream().filter(i -> !batches.contains(i)).forEach(i -> lost.add("lost acked batch " + i));
        ackedTouch.forEach((x, v) -> {
            if (touch.getOrDefault(x, -1L) < v) {
                lost.add("lost acked update app-" + x + " touch " + v + " (found " + touch.get(x) + ")");
            }
        });
        return lost;
    }
}
