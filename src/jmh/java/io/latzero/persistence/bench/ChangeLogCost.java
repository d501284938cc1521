package io.latzero.persistence.bench;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.internal.tx.ChangeStamp;
import io.latzero.persistence.internal.tx.TransactionRunner;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the change feed's log costs durable writes on SQLite (issue 14): W1 ({@code registerApp}) and W3
 * ({@code updateApp}) on one thread (or several), in one JVM, rounds interleaved, in three variants of the same
 * library:
 * {@code log} (as shipped), {@code triggers-only} (the log's triggers, but no reading back of revisions: what the
 * database does) and {@code off} (the log's triggers dropped from the fresh database and the runner's change stamp
 * switched off: the library as it would be without the feed); and the same two for plain JDBC ({@code jdbc}, the
 * log's triggers as any writer meets them, and {@code jdbc-off}): what the log costs a writer that does nothing but
 * execute its statements, the floor for a log written by triggers in the same transaction. Each variant gets a fresh
 * database, 2,000 operations of warm-up, then {@code n} of each workload; it prints throughput, the calling
 * thread's CPU per operation and the bytes it allocated per operation (which, unlike the other two, the machine's
 * load does not move). Switching the stamp off reaches into the manager by reflection: no configuration turns the
 * log off, on purpose.
 *
 * <p>Usage: {@code ChangeLogCost <n> <rounds> <NORMAL,FULL> [variants] [threads]}, variants among
 * {@code log,triggers-only,off,jdbc,jdbc-off}; with several threads the CPU column is the whole
 * process's and the bytes column means nothing.
 */
public final class ChangeLogCost {
    private static final int WARMUP = 2_000;

    private ChangeLogCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String[] syncs = args[2].split(",");
        String[] variants = (args.length > 3 ? args[3] : "log,triggers-only,off").split(",");
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        com.sun.management.ThreadMXBean memory = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            for (String sync : syncs) {
                for (String variant : variants) {
                    Path dir = Fixtures.emptyDatabase("log-cost");
                    boolean jdbc = variant.startsWith("jdbc");
                    if (variant.endsWith("off")) {
                        dropLogTriggers(dir.resolve("latzero.db"));
                    }
                    try (Target t = Targets.open(jdbc ? Targets.JDBC : Targets.LIBRARY, dir, sync)) {
                        if (!jdbc && !variant.equals("log")) {
                            stampOff(((LibraryTarget) t).persistence());
                        }
                        Workloads.w1(t, 1, WARMUP);
                        long cpu0 = cpu(threads);
                        long bytes0 = memory.getCurrentThreadAllocatedBytes();
                        long t0 = System.nanoTime();
                        Targets.run(t, threads, n, (own, i) -> own.registerApp(Fixtures.appId(WARMUP + i),
                                Fixtures.TRIGGERS, Fixtures.pools(WARMUP + i, Fixtures.POOLS), Fixtures.meta(WARMUP + i)));
                        long t1 = System.nanoTime();
                        long cpu1 = cpu(threads);
                        long bytes1 = memory.getCurrentThreadAllocatedBytes();
                        Workloads.w3(t, threads, n);
                        long t2 = System.nanoTime();
                        long cpu2 = cpu(threads);
                        long bytes2 = memory.getCurrentThreadAllocatedBytes();
                        // Bytes are the calling thread's: meaningful on one thread only.
                        System.out.println(String.format(Locale.ROOT,
                                "round %d %-6s %-13s %d thr W1 %6.0f ops/s %5.1f us-cpu/op %6.0f B/op  W3 %6.0f ops/s"
                                        + " %5.1f us-cpu/op %6.0f B/op",
                                round, sync, variant, threads, n / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e3 / n,
                                (bytes1 - bytes0) / (double) n, n / ((t2 - t1) / 1e9), (cpu2 - cpu1) / 1e3 / n,
                                (bytes2 - bytes1) / (double) n));
                    } finally {
                        Fixtures.delete(dir);
                    }
                }
            }
        }
        System.exit(0);
    }

    /** The calling thread's CPU time on one thread; the whole process's (all writers) on several. */
    private static long cpu(int threads) {
        if (threads == 1) {
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void dropLogTriggers(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    + " AND name LIKE 'latzero_changes%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                s.execute("DROP TRIGGER " + name);
            }
        }
    }

    private static void stampOff(PersistenceManager persistence) throws ReflectiveOperationException {
        var runner = PersistenceManager.class.getDeclaredField("tx");
        runner.setAccessible(true);
        ((TransactionRunner) runner.get(persistence)).onChangeStamp(ChangeStamp.NONE);
    }
}
