package io.latzero.persistence.bench;

import io.latzero.persistence.PersistenceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the whole suite (W1–W9 and the streaming check) on the library and the JDBC baseline and prints one table:
 * workload, library, baseline, ratio, target, result. Usage: {@code BenchSuite [scale] [outputDir] [forks]}; scale 1 is
 * the sizes, 0.1 a quick run; forks 1 (the default) runs every benchmark in its own JVM, 0 runs them all in
 * this one (quicker on a busy machine; the cold start always gets fresh JVMs). JMH's own logs go to {@code <outputDir>/jmh-*.log}.
 */
public final class BenchSuite {
    private final double scale;
    private final int forks;
    private final Path out;
    private final Path data;
    private final List<RunResult> results = new ArrayList<>();
    private int runs;

    private BenchSuite(double scale, Path out, int forks) throws IOException {
        this.scale = scale;
        this.forks = forks;
        this.out = Files.createDirectories(out);
        this.data = Files.createTempDirectory("latzero-bench-data-");
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        Path out = Path.of(args.length > 1 ? args[1] : "target/bench");
        int forks = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        BenchSuite suite = new BenchSuite(scale, out, forks);
        String table;
        try {
            suite.runAll();
            table = suite.table();
        } finally {
            Fixtures.delete(suite.data);
        }
        Files.writeString(out.resolve("results.md"), table);
        System.out.print(table);
    }

    private void runAll() throws RunnerException {
        System.setProperty("bench.scale", String.valueOf(scale));
        System.setProperty("bench.data", data.toString());
        // Seeded here so the cold-start forks find it ready and load nothing of the library before the clock starts.
        Fixtures.sharedDatabase(Fixtures.scaled(20_000, 100), Fixtures.scaled(100_000, 1000));
        run(options("WriteBenchmarks").param("impl", Targets.LIBRARY).param("threads", "1", "8").param("sync", "FULL", "NORMAL"));
        run(options("WriteBenchmarks.w1RegisterApp").param("impl", Targets.LIBRARY).param("threads", "1")
                .param("sync", Targets.NORMAL_WINDOW));
        run(options("WriteBenchmarks").param("impl", Targets.JDBC).param("threads", "1").param("sync", "FULL", "NORMAL"));
        run(options("ReadBenchmarks"));
        run(options("ReadBenchmarks.w4GetAppsByPool").param("apps", "200000").param("blocks", "1000000"));
        run(options("StreamingBenchmark"));
        run(options("BatchBenchmarks"));
        run(options("BackupBenchmark"));
        run(options("ColdStartBenchmark").forks(forks == 0 ? 3 : 5));
    }

    private ChainedOptionsBuilder options(String include) {
        ChainedOptionsBuilder options = new OptionsBuilder();
        if (forks == 0) {
            options.forks(0);
        }
        return options
                .include(BenchSuite.class.getPackageName() + "." + include)
                .jvmArgsAppend("-Dbench.scale=" + scale, "-Dbench.data=" + data)
                .output(out.resolve("jmh-" + (++runs) + "-" + include + ".log").toString());
    }

    private void run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> run = new Runner(options.build()).run();
        results.addAll(run);
    }

    // ------------------------------------------------------------------ the table

    private final List<String[]> rows = new ArrayList<>();

    private String table() {
        int ops = Fixtures.scaled(WriteBenchmarks.OPERATIONS, 100);
        for (String sync : List.of("FULL", "NORMAL")) {
            writes("W1 registerApp", "w1RegisterApp", sync, ops);
        }
        durabilityWindowRow(ops);
        for (String sync : List.of("FULL", "NORMAL")) {
            writes("W3 updateApp", "w3UpdateApp", sync, ops);
        }
        ratioRow("W2 getApp", "w2GetApp", Map.of("apps", "20000"), Fixtures.scaled(ReadBenchmarks.READS, 1000), 2.0);
        int queries = Fixtures.scaled(ReadBenchmarks.QUERIES, 20);
        Optional<double[]> small = ratioRow("W4 getAppsByPool, 20k apps", "w4GetAppsByPool", Map.of("apps", "20000"), queries, 1.0);
        Optional<double[]> large = ratioRow("W4 getAppsByPool, 200k apps", "w4GetAppsByPool", Map.of("apps", "200000"), queries, 1.0);
        if (small.isPresent() && large.isPresent()) {
            double growth = small.get()[0] / large.get()[0];
            row("W4 per-query cost 200k / 20k (library)", fmt(growth) + "x", "", "", "<= 1.5x", verdict(growth <= 1.5));
        }
        ratioRow("W5 createMemoryBlock (tx of 1,000)", "w5CreateMemoryBlocks", Map.of(), Fixtures.scaled(BatchBenchmarks.BLOCKS, 1000), 0.7);
        ratioRow("W6 getMemoryBlocksByPool", "w6GetMemoryBlocksByPool", Map.of(), queries, 1.0);
        ratioRow("W7 trigger churn (steps/s)", "w7TriggerChurn", Map.of(), 3 * Fixtures.scaled(BatchBenchmarks.TRIGGERS, 100), 0.7);
        backupRows();
        coldStartRow();
        ratioRow("Memory: forEachMemoryBlock 1M blocks, -Xmx256m (rows/s)", "streamAllBlocks", Map.of(),
                Fixtures.scaled(StreamingBenchmark.BLOCKS, 1000), 0.0);
        return render();
    }

    private void writes(String name, String method, String sync, int ops) {
        ratioRow(name + ", 1 thread, " + sync, method, Map.of("sync", sync, "threads", "1"), ops, 0.9);
        Optional<Double> eight = opsPerSecond(method, Targets.LIBRARY, Map.of("sync", sync, "threads", "8"), ops);
        Optional<Double> jdbcOne = opsPerSecond(method, Targets.JDBC, Map.of("sync", sync, "threads", "1"), ops);
        if (eight.isPresent() && jdbcOne.isPresent()) {
            double ratio = eight.get() / jdbcOne.get();
            boolean full = "FULL".equals(sync);
            row(name + ", 8 threads, " + sync + " (vs 1-thread JDBC)", fmtOps(eight.get()), fmtOps(jdbcOne.get()),
                    fmt(ratio) + "x", full ? ">= 4x" : "(info)", full ? verdict(ratio >= 4.0) : "");
        }
    }

    /** W1 on 1 thread at NORMAL with the default durability window, against the JDBC baseline and the library at NORMAL. */
    private void durabilityWindowRow(int ops) {
        Map<String, String> oneThread = Map.of("sync", Targets.NORMAL_WINDOW, "threads", "1");
        Optional<Double> window = opsPerSecond("w1RegisterApp", Targets.LIBRARY, oneThread, ops);
        Optional<Double> normal = opsPerSecond("w1RegisterApp", Targets.LIBRARY, Map.of("sync", "NORMAL", "threads", "1"), ops);
        Optional<Double> jdbc = opsPerSecond("w1RegisterApp", Targets.JDBC, Map.of("sync", "NORMAL", "threads", "1"), ops);
        if (window.isEmpty() || normal.isEmpty() || jdbc.isEmpty()) {
            row("W1 registerApp, 1 thread, NORMAL + durability window", window.map(BenchSuite::fmtOps).orElse("failed"),
                    "", "", "", "FAIL");
            return;
        }
        String name = "W1 registerApp, 1 thread, NORMAL + " + PersistenceConfig.defaults().durabilityWindow().toMillis()
                + " ms window";
        row(name, fmtOps(window.get()), fmtOps(jdbc.get()), fmt(window.get() / jdbc.get()) + "x", "(info)", "");
        row("  library NORMAL + window vs library NORMAL", fmt(window.get() / normal.get()) + "x", "", "",
                "(info)", "");
    }

    /** Adds a library-vs-baseline throughput row; returns {library, baseline} ops/s. */
    private Optional<double[]> ratioRow(String name, String method, Map<String, String> params, int ops, double target) {
        Optional<Double> lib = opsPerSecond(method, Targets.LIBRARY, params, ops);
        Optional<Double> base = opsPerSecond(method, Targets.JDBC, params, ops);
        if (lib.isEmpty() || base.isEmpty()) {
            row(name, lib.map(BenchSuite::fmtOps).orElse("failed"), base.map(BenchSuite::fmtOps).orElse("failed"), "", "",
                    "FAIL");
            return Optional.empty();
        }
        double ratio = lib.get() / base.get();
        row(name, fmtOps(lib.get()), fmtOps(base.get()), fmt(ratio) + "x",
                target > 0 ? ">= " + fmt(target) + "x" : "completes", verdict(ratio >= target));
        return Optional.of(new double[] {lib.get(), base.get()});
    }

    private void backupRows() {
        Optional<RunResult> lib = find("w8Backup", Targets.LIBRARY, Map.of());
        Optional<RunResult> base = find("w8Backup", Targets.JDBC, Map.of());
        if (lib.isEmpty() || base.isEmpty()) {
            row("W8 createBackup while a writer runs", "failed", "failed", "", "", "FAIL");
            return;
        }
        double libMs = lib.get().getPrimaryResult().getScore();
        double baseMs = base.get().getPrimaryResult().getScore();
        row("W8 createBackup while a writer runs (ms)", fmt(libMs), fmt(baseMs) + " (VACUUM INTO)", fmt(libMs / baseMs) + "x",
                "<= 1.5x", verdict(libMs / baseMs <= 1.5));
        double libStall = stall(Targets.LIBRARY);
        double baseStall = stall(Targets.JDBC);
        row("W8 writer's longest write during backup (ms)", fmt(libStall), fmt(baseStall), "", "<= 100 ms",
                verdict(libStall <= 100));
    }

    private double stall(String impl) {
        try {
            return Double.parseDouble(Files.readString(data.resolve("writer-stall-" + impl + ".txt")).trim());
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void coldStartRow() {
        Optional<RunResult> lib = find("w9ColdStart", Targets.LIBRARY, Map.of());
        Optional<RunResult> base = find("w9ColdStart", Targets.JDBC, Map.of());
        double libMs = lib.map(r -> r.getPrimaryResult().getStatistics().getPercentile(50)).orElse(Double.NaN);
        double baseMs = base.map(r -> r.getPrimaryResult().getStatistics().getPercentile(50)).orElse(Double.NaN);
        row("W9 cold start to first getApp (median ms)", fmt(libMs), fmt(baseMs), fmt(libMs / baseMs) + "x", "< 1000 ms",
                verdict(libMs < 1000));
    }

    private Optional<Double> opsPerSecond(String method, String impl, Map<String, String> params, int ops) {
        return find(method, impl, params).map(r -> ops / (r.getPrimaryResult().getScore() / 1000.0));
    }

    private Optional<RunResult> find(String method, String impl, Map<String, String> params) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
                .filter(r -> impl.equals(r.getParams().getParam("impl")))
                .filter(r -> params.entrySet().stream().allMatch(e -> e.getValue().equals(r.getParams().getParam(e.getKey()))))
                .findFirst();
    }

    private void row(String... cells) {
        rows.add(cells);
    }

    private String render() {
        String[] header = {"workload", "library", "baseline (JDBC)", "ratio", "target", "result"};
        int[] width = new int[header.length];
        for (String[] r : Stream.concat(Stream.<String[]>of(header), rows.stream()).toList()) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Scale %s, %s; throughput in ops/s unless a unit is given.%n", scale,
                forks == 0 ? "one JVM" : "a JVM per benchmark"));
        appendRow(sb, header, width);
        String[] rule = new String[header.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        appendRow(sb, rule, width);
        rows.forEach(r -> appendRow(sb, r, width));
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        sb.append('|');
        for (int i = 0; i < cells.length; i++) {
            sb.append(' ').append(cells[i]).append(" ".repeat(width[i] - cells[i].length())).append(" |");
        }
        sb.append('\n');
    }

    private static String verdict(boolean pass) {
        return pass ? "pass" : "FAIL";
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }

    private static String fmtOps(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
