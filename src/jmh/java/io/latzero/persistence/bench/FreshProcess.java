package io.latzero.persistence.bench;

import io.latzero.persistence.Synchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The "fresh process after a short warm-up" view of issue 13 (a server that just started, a CLI command), beside JMH's
 * warmed-up one: {@link BenchSuite} starts a new JVM ({@code -Xmx256m}) for every workload, target and setting, which
 * runs here: first {@code min(2,000, n)} operations of the workload on a scratch database prepared like the measured
 * one (reads: on the same database), then the measured workload once, on a fresh database. {@code bench/node/bench.js}
 * does the same in a new Node process ("fresh" view). Prints one line: {@code ms ops checksum}; W9 prints the median
 * of five reopens to the first {@code getApp} after one as warm-up.
 *
 * <p>Usage: {@code FreshProcess <workload> <impl> <sync> <threads>}, with {@code -Dbench.scale} and {@code -Dbench.data}.
 */
public final class FreshProcess {
    static final int WARMUP = 2_000;

    private FreshProcess() {
    }

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        String impl = args[1];
        String sync = args[2];
        int threads = Integer.parseInt(args[3]);
        Result r = run(workload, impl, sync, threads);
        System.out.println(String.format(Locale.ROOT, "RESULT %.3f %d %s", r.ms, r.ops, r.sum));
        // The library's maintenance threads are daemons, but a JDBC driver or pool thread must not keep the JVM alive.
        System.exit(0);
    }

    private record Result(double ms, int ops, String sum) {
    }

    private static Result run(String workload, String impl, String sync, int threads) throws SQLException {
        int apps = Fixtures.scaled(20_000, 100);
        int blocks = Fixtures.scaled(100_000, 1000);
        return switch (workload) {
            case "W1" -> {
                int n = Fixtures.scaled(WriteBenchmarks.OPERATIONS, 100);
                yield write(impl, sync, n, size -> Fixtures.emptyDatabase("fresh-w1"),
                        (t, size) -> Workloads.w1(t, threads, size), Checksums.APP_TABLES);
            }
            case "W3" -> {
                int n = Fixtures.scaled(WriteBenchmarks.OPERATIONS, 100);
                yield write(impl, sync, n, size -> Fixtures.seededDatabase("fresh-w3", size, 0),
                        (t, size) -> Workloads.w3(t, threads, size), Checksums.APP_TABLES);
            }
            case "W5" -> {
                int n = Fixtures.scaled(BatchBenchmarks.BLOCKS, BatchBenchmarks.BLOCKS_PER_TRANSACTION);
                yield write(impl, sync, n, size -> Fixtures.emptyDatabase("fresh-w5"), Workloads::w5,
                        Checksums.BLOCK_TABLES);
            }
            case "W7" -> w7(impl, sync, Fixtures.scaled(BatchBenchmarks.TRIGGERS, 100));
            case "W2" -> read(impl, Fixtures.sharedDatabase(apps, blocks), Fixtures.scaled(ReadBenchmarks.READS, 1000),
                    (t, n) -> Workloads.w2(t, apps, n, v -> { }), Checksums.APP_TABLES);
            case "W4" -> read(impl, Fixtures.sharedDatabase(apps, blocks), Fixtures.scaled(ReadBenchmarks.QUERIES, 20),
                    (t, n) -> Workloads.w4(t, apps, n, v -> { }), Checksums.APP_TABLES);
            case "W4_200K" -> {
                int large = Fixtures.scaled(200_000, 100);
                yield read(impl, Fixtures.sharedDatabase(large, Fixtures.scaled(1_000_000, 1000)),
                        Fixtures.scaled(ReadBenchmarks.QUERIES, 20), (t, n) -> Workloads.w4(t, large, n, v -> { }),
                        Checksums.APP_TABLES);
            }
            case "W6" -> read(impl, Fixtures.sharedDatabase(apps, blocks), Fixtures.scaled(ReadBenchmarks.QUERIES, 20),
                    (t, n) -> Workloads.w6(t, n, v -> { }), Checksums.BLOCK_TABLES);
            case "W9" -> reopen(impl, sync, Fixtures.sharedDatabase(apps, blocks));
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
    }

    @FunctionalInterface
    private interface Work {
        void run(Target target, int n);
    }

    @FunctionalInterface
    private interface Read {
        String run(Target target, int n);
    }

    private static Result write(String impl, String sync, int n, IntFunction<Path> database, Work work,
                                List<String> tables) {
        Path scratch = database.apply(Math.min(WARMUP, n));
        try (Target t = Targets.open(impl, scratch, sync)) {
            work.run(t, Math.min(WARMUP, n));
        } finally {
            Fixtures.delete(scratch);
        }
        Path dir = database.apply(n);
        try {
            long start;
            long end;
            try (Target t = Targets.open(impl, dir, sync)) {
                start = System.nanoTime();
                work.run(t, n);
                end = System.nanoTime();
            }
            return new Result((end - start) / 1e6, n, Checksums.of(dir.resolve("latzero.db"), tables, ""));
        } finally {
            Fixtures.delete(dir);
        }
    }

    private static Result w7(String impl, String sync, int n) {
        Path scratch = Fixtures.emptyDatabase("fresh-w7");
        try (Target t = Targets.open(impl, scratch, sync)) {
            Workloads.w7(t, Math.min(WARMUP, n));
        } finally {
            Fixtures.delete(scratch);
        }
        Path dir = Fixtures.emptyDatabase("fresh-w7");
        try (Target t = Targets.open(impl, dir, sync)) {
            long start = System.nanoTime();
            Workloads.Churn churn = Workloads.w7(t, n);
            long end = System.nanoTime();
            return new Result((end - start) / 1e6, 3 * n, Checksums.of(null, List.of(), Workloads.w7Result(t, churn)));
        } finally {
            Fixtures.delete(dir);
        }
    }

    private static Result read(String impl, Path dir, int n, Read read, List<String> tables) {
        long start;
        long end;
        String result;
        try (Target t = Targets.open(impl, dir, "FULL")) {
            read.run(t, Math.min(WARMUP, n));
            start = System.nanoTime();
            result = read.run(t, n);
            end = System.nanoTime();
        }
        return new Result((end - start) / 1e6, n, Checksums.of(dir.resolve("latzero.db"), tables, result));
    }

    /**
     * W9 in a warm process: one reopen to the first getApp as warm-up, then the median of five. The library opens a
     * PersistenceManager; the baseline, like its cold start, a connection with the pragmas and one prepared SELECT.
     */
    private static Result reopen(String impl, String sync, Path dir) throws SQLException {
        double[] ms = new double[6];
        for (int k = 0; k < ms.length; k++) {
            long start = System.nanoTime();
            if (Targets.LIBRARY.equals(impl)) {
                try (Target t = Targets.open(impl, dir, sync)) {
                    t.getApp(Fixtures.appId(1)).orElseThrow();
                    ms[k] = (System.nanoTime() - start) / 1e6;
                }
            } else {
                try (Connection c = JdbcTarget.connect("jdbc:sqlite:" + dir.resolve("latzero.db"), Synchronous.valueOf(sync), true);
                     PreparedStatement s = c.prepareStatement("SELECT app_id, pools, triggers, meta, protocol_version,"
                             + " registered, last_seen, rehydrated FROM app_registry WHERE app_id = ?")) {
                    s.setString(1, Fixtures.appId(1));
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        JdbcTarget.app(rs);
                    }
                    ms[k] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        double[] measured = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(measured);
        return new Result(measured[measured.length / 2], 1, Checksums.of(null, List.of(), "app-1"));
    }
}
