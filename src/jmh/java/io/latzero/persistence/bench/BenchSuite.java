package io.latzero.persistence.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latzero.persistence.PersistenceConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the whole suite (W1–W9 and the streaming check) on the library and the JDBC baseline, reads the Node +
 * better-sqlite3 results of the same workloads ({@code bench/node/bench.js suite}), and prints two tables, one per view:
 * warmed up (JMH; Node after one whole run as warm-up) and a fresh process after a short warm-up ({@link FreshProcess};
 * Node's "fresh" view). Columns: library, JDBC, better-sqlite3, lib/Node, lib/JDBC, issue 13's target and result, and
 * whether the runtimes' checksums of the final state agree ({@link Checksums}).
 * Usage: {@code BenchSuite [scale] [outputDir] [forks] [node-results.json] [views]}; scale 1 is the sizes, 0.1
 * a quick run; forks 1 (the default) runs every JMH benchmark in its own JVM, 0 runs them all in this one (quicker on
 * a busy machine; the cold start always gets fresh JVMs); views {@code warm,fresh} (the default), {@code warm} or
 * {@code fresh}. JMH's own logs go to {@code <outputDir>/jmh-*.log}.
 */
public final class BenchSuite {
    private final double scale;
    private final int forks;
    private final Path out;
    private final Path data;
    private final Path node;
    private final Set<String> views;
    private final List<RunResult> results = new ArrayList<>();
    /** Throughput (ops/s) or, for W8 and W9, milliseconds, by {@code workload|impl|sync|threads|view}. */
    private final Map<String, Double> values = new HashMap<>();
    private final Map<String, String> sums = new HashMap<>();
    private String nodeRuntime = "better-sqlite3: no results";
    private double nodeSeconds = Double.NaN;
    private int runs;

    private BenchSuite(double scale, Path out, int forks, Path node, Set<String> views) throws IOException {
        this.scale = scale;
        this.forks = forks;
        this.out = Files.createDirectories(out);
        this.node = node;
        this.views = views;
        this.data = Files.createTempDirectory("latzero-bench-data-");
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        Path out = Path.of(args.length > 1 ? args[1] : "target/bench");
        int forks = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path node = args.length > 3 && !args[3].isEmpty() ? Path.of(args[3]) : null;
        Set<String> views = Set.of((args.length > 4 ? args[4] : "warm,fresh").split(","));
        BenchSuite suite = new BenchSuite(scale, out, forks, node, views);
        String table;
        try {
            long start = System.nanoTime();
            if (views.contains("warm")) {
                suite.runAll();
            }
            long jmhEnd = System.nanoTime();
            if (views.contains("fresh")) {
                suite.runFresh();
            }
            suite.jmhSeconds = (jmhEnd - start) / 1e9;
            suite.javaSeconds = (System.nanoTime() - start) / 1e9;
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
        run(options("BatchBenchmarks.w5CreateMemoryBlocks").param("sync", "NORMAL"));
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
                .jvmArgsAppend("-Dbench.scale=" + scale, "-Dbench.data=" + data, "-Dbench.checksumSql=" + checksumSql())
                .output(out.resolve("jmh-" + (++runs) + "-" + include + ".log").toString());
    }

    private void run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> run = new Runner(options.build()).run();
        results.addAll(run);
    }


    private static String checksumSql() {
        return Path.of(System.getProperty("bench.checksumSql", "bench/checksum.sql")).toAbsolutePath().toString();
    }

    // ------------------------------------------------------------------ the fresh-process view

    /** Every workload, target and setting of the fresh view in a JVM of its own ({@link FreshProcess}). */
    private void runFresh() throws IOException, InterruptedException {
        System.setProperty("bench.scale", String.valueOf(scale));
        System.setProperty("bench.data", data.toString());
        Fixtures.sharedDatabase(Fixtures.scaled(20_000, 100), Fixtures.scaled(100_000, 1000));
        Path template = Fixtures.template(data);
        List<String[]> plan = new ArrayList<>();
        for (String sync : List.of("FULL", "NORMAL")) {
            for (String w : List.of("W1", "W3")) {
                plan.add(new String[] {w, Targets.LIBRARY, sync, "1"});
                plan.add(new String[] {w, Targets.LIBRARY, sync, "8"});
                plan.add(new String[] {w, Targets.JDBC, sync, "1"});
            }
            plan.add(new String[] {"W5", Targets.LIBRARY, sync, "1"});
            plan.add(new String[] {"W5", Targets.JDBC, sync, "1"});
        }
        for (String w : List.of("W2", "W4", "W4_200K", "W6", "W7", "W9")) {
            plan.add(new String[] {w, Targets.LIBRARY, "FULL", "1"});
            plan.add(new String[] {w, Targets.JDBC, "FULL", "1"});
        }
        Path log = out.resolve("fresh-jvm.log");
        Files.deleteIfExists(log);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String[] p : plan) {
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "-Dbench.scale=" + scale, "-Dbench.data=" + data, "-Dbench.checksumSql=" + checksumSql(),
                    "-Dbench.template=" + template, FreshProcess.class.getName(), p[0], p[1], p[2], p[3]);
            pb.redirectErrorStream(true);
            Process process = pb.start();
            String resultLine = null;
            StringBuilder output = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith("RESULT ")) {
                        resultLine = line;
                    }
                }
            }
            int exit = process.waitFor();
            Files.writeString(log, "### " + String.join(" ", p) + " (exit " + exit + ")\n" + output,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            String key = key(p[0], p[1], p[2], Integer.parseInt(p[3]), "fresh");
            if (exit != 0 || resultLine == null) {
                System.err.println("fresh JVM " + String.join(" ", p) + " failed; see " + log);
                continue;
            }
            String[] r = resultLine.split(" ");
            double ms = Double.parseDouble(r[1]);
            int ops = Integer.parseInt(r[2]);
            values.put(key, "W9".equals(p[0]) ? ms : ops / (ms / 1000.0));
            sums.put(key, r[3]);
            System.err.printf(Locale.ROOT, "fresh JVM %s: %.1f ms, checksum %s%n", String.join(" ", p), ms, r[3]);
        }
    }

    // ------------------------------------------------------------------ collecting the figures

    private static String key(String workload, String impl, String sync, int threads, String view) {
        return String.join("|", workload, impl, sync, String.valueOf(threads), view);
    }

    /** The JMH results as values (ops/s; ms for W8 and W9) with the checksums the forks recorded. */
    private void collectJmh() {
        int ops = Fixtures.scaled(WriteBenchmarks.OPERATIONS, 100);
        int queries = Fixtures.scaled(ReadBenchmarks.QUERIES, 20);
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String impl = r.getParams().getParam("impl");
            String sync = Objects.requireNonNullElse(r.getParams().getParam("sync"), "FULL");
            String threadsParam = r.getParams().getParam("threads");
            int threads = threadsParam == null ? 1 : Integer.parseInt(threadsParam);
            String apps = r.getParams().getParam("apps");
            double score = r.getPrimaryResult().getScore();
            String workload;
            double value;
            switch (method) {
                case "w1RegisterApp" -> { workload = "W1"; value = ops / (score / 1000); }
                case "w3UpdateApp" -> { workload = "W3"; value = ops / (score / 1000); }
                case "w2GetApp" -> { workload = "W2"; value = Fixtures.scaled(ReadBenchmarks.READS, 1000) / (score / 1000); }
                case "w4GetAppsByPool" -> { workload = "20000".equals(apps) ? "W4" : "W4_200K"; value = queries / (score / 1000); }
                case "w6GetMemoryBlocksByPool" -> { workload = "W6"; value = queries / (score / 1000); }
                case "w5CreateMemoryBlocks" -> {
                    workload = "W5";
                    value = Fixtures.scaled(BatchBenchmarks.BLOCKS, 1000) / (score / 1000);
                }
                case "w7TriggerChurn" -> {
                    workload = "W7";
                    value = 3 * Fixtures.scaled(BatchBenchmarks.TRIGGERS, 100) / (score / 1000);
                }
                case "w8Backup" -> { workload = "W8"; value = score; }
                case "w9ColdStart" -> { workload = "W9COLD"; value = r.getPrimaryResult().getStatistics().getPercentile(50); }
                case "streamAllBlocks" -> {
                    workload = "MEM";
                    value = Fixtures.scaled(StreamingBenchmark.BLOCKS, 1000) / (score / 1000);
                }
                default -> { continue; }
            }
            String key = key(workload, impl, sync, threads, "warm");
            values.put(key, value);
            Checksums.recorded(key).ifPresent(sum -> sums.put(key, sum));
        }
        values.put(key("W8STALL", Targets.LIBRARY, "FULL", 1, "warm"), stall(Targets.LIBRARY));
        values.put(key("W8STALL", Targets.JDBC, "FULL", 1, "warm"), stall(Targets.JDBC));
    }

    /** The Node results ({@code bench/node/bench.js suite}'s JSON). */
    private void collectNode() throws IOException {
        if (node == null || !Files.exists(node)) {
            return;
        }
        JsonNode doc = new ObjectMapper().readTree(node.toFile());
        nodeRuntime = doc.path("runtime").asText() + " (SQLite " + doc.path("sqlite").asText() + ")";
        nodeSeconds = doc.path("seconds").asDouble(Double.NaN);
        for (JsonNode r : doc.path("results")) {
            if (r.has("error")) {
                continue;
            }
            String workload = r.path("workload").asText();
            String view = r.path("view").asText();
            String sync = r.path("sync").asText();
            double ms = r.path("ms").asDouble();
            String key = key(workload, NODE, sync, 1, view);
            switch (workload) {
                case "W8" -> {
                    values.put(key, ms);
                    values.put(key("W8STALL", NODE, sync, 1, view), r.path("longestWriteMs").asDouble());
                }
                case "W9" -> {
                    values.put(key(workload, NODE, sync, 1, "fresh"), ms);
                    values.put(key("W9COLD", NODE, sync, 1, view), r.path("coldMs").asDouble());
                }
                default -> values.put(key, r.path("ops").asDouble() / (ms / 1000));
            }
            sums.put(key, r.path("sum").asText());
        }
    }

    // ------------------------------------------------------------------ the tables

    static final String NODE = "node";
    private double javaSeconds = Double.NaN;
    private double jmhSeconds = Double.NaN;
    private final List<String[]> rows = new ArrayList<>();

    private String table() throws IOException {
        collectJmh();
        collectNode();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Scale %s; JMH %s; Java side %.0f s (JMH %.0f s), Node side %.0f s; %s.%n"
                + "Throughput in ops/s unless a unit is given; lib/Node and lib/JDBC are throughput ratios (for times: "
                + "lib's time / theirs).%n", scale, forks == 0 ? "in one JVM" : "a JVM per benchmark", javaSeconds, jmhSeconds,
                nodeSeconds, nodeRuntime));
        if (views.contains("warm")) {
            rows.clear();
            viewRows("warm");
            sb.append("\nWarmed up (JMH: each workload run whole once first; Node the same):\n").append(render());
        }
        if (views.contains("fresh")) {
            rows.clear();
            viewRows("fresh");
            sb.append("\nFresh process after a short warm-up (min(2,000, n) operations of the workload first; a JVM or a"
                    + " Node process per row and runtime):\n").append(render());
        }
        return sb.toString();
    }

    private void viewRows(String view) {
        for (String w : List.of("W1", "W3")) {
            String name = "W1".equals(w) ? "W1 registerApp" : "W3 updateApp (read-modify-write)";
            for (String sync : List.of("FULL", "NORMAL")) {
                compare(name + ", 1 thread, " + sync, view, w, sync, 1, w, sync, 1.0, false);
            }
            for (String sync : List.of("FULL", "NORMAL")) {
                compare(w + " on 8 threads vs Node's 1 thread, " + sync, view, w, sync, 8, w, sync, 0, false);
            }
            compare(w + " 8 threads FULL vs Node 1 thread NORMAL", view, w, "FULL", 8, w, "NORMAL", 1.0, false);
        }
        if ("warm".equals(view)) {
            durabilityWindowRow();
        }
        Optional<Double> w2 = compare("W2 getApp", view, "W2", "FULL", 1, "W2", "FULL", 10.0, false);
        compare("W4 getAppsByPool, 20k apps (~160 rows)", view, "W4", "FULL", 1, "W4", "FULL", 1.0, false);
        compare("W4 getAppsByPool, 200k apps (~160 rows)", view, "W4_200K", "FULL", 1, "W4_200K", "FULL", 1.0, false);
        growthRow(view);
        for (String sync : List.of("FULL", "NORMAL")) {
            compare("W5 createMemoryBlock, tx of 1,000, " + sync, view, "W5", sync, 1, "W5", sync, 1.0, false);
        }
        compare("W6 getMemoryBlocksByPool (~400 rows)", view, "W6", "FULL", 1, "W6", "FULL", 1.0, false);
        compare("W7 trigger churn, in memory (steps/s)", view, "W7", "FULL", 1, "W7", "FULL", 1.0, false);
        if ("warm".equals(view)) {
            compare("W8 backup while a writer runs (ms; JDBC: VACUUM INTO, Node: db.backup())", view, "W8", "FULL", 1,
                    "W8", "FULL", 2.0, true);
            double libStall = value("W8STALL", Targets.LIBRARY, "FULL", 1, view);
            row("W8 writer's longest write during the backup (ms)", fmt(libStall),
                    fmt(value("W8STALL", Targets.JDBC, "FULL", 1, view)), fmt(value("W8STALL", NODE, "FULL", 1, view)),
                    "", "", "<= 20 ms", verdict(libStall <= 20), "");
            double cold = value("W9COLD", Targets.LIBRARY, "FULL", 1, view);
            row("W9 cold start to first getApp, fresh process (median ms)", fmt(cold),
                    fmt(value("W9COLD", Targets.JDBC, "FULL", 1, view)), fmt(value("W9COLD", NODE, "FULL", 1, view)),
                    "", "", "< 1500 ms", verdict(cold < 1500), "");
            double mem = value("MEM", Targets.LIBRARY, "FULL", 1, view);
            double memJdbc = value("MEM", Targets.JDBC, "FULL", 1, view);
            row("Memory: forEachMemoryBlock 1M blocks, -Xmx256m (rows/s)", fmtOps(mem), fmtOps(memJdbc), "", "",
                    fmt(mem / memJdbc) + "x", "completes", verdict(!Double.isNaN(mem)), "");
        } else {
            double reopen = value("W9", Targets.LIBRARY, "FULL", 1, view);
            row("W9 reopen to first getApp in a warm process (median ms)", fmt(reopen),
                    fmt(value("W9", Targets.JDBC, "FULL", 1, view)), fmt(value("W9", NODE, "FULL", 1, view)),
                    "", "", "< 500 ms", verdict(reopen < 500), "");
        }
        if (w2.isEmpty()) {
            row("(no W2 figures)", "", "", "", "", "", "", "", "");
        }
    }

    /**
     * A row comparing the library ({@code threads}, {@code sync}) with JDBC on 1 thread at the same setting and Node at
     * {@code nodeSync}; {@code target} is the lib/Node ratio to reach (0: none). For times ({@code ms}) the ratio is
     * lib's time / Node's and the target a maximum. Returns lib/Node.
     */
    private Optional<Double> compare(String name, String view, String w, String sync, int threads, String nodeW,
                                     String nodeSync, double target, boolean ms) {
        double lib = value(w, Targets.LIBRARY, sync, threads, view);
        double jdbc = value(w, Targets.JDBC, sync, 1, view);
        double nodeValue = value(nodeW, NODE, nodeSync, 1, view);
        double vsNode = ms ? lib / nodeValue : lib / nodeValue;
        double vsJdbc = lib / jdbc;
        String targetText = target == 0 ? "(info)" : (ms ? "<= " : ">= ") + fmt(target) + "x Node";
        String result = target == 0 ? "" : Double.isNaN(vsNode) ? "n/a" : verdict(ms ? vsNode <= target : vsNode >= target);
        String agree = checksums(sums.get(key(w, Targets.LIBRARY, sync, threads, view)),
                sums.get(key(w, Targets.JDBC, sync, 1, view)), sums.get(key(nodeW, NODE, nodeSync, 1, view)));
        row(name, ms ? fmt(lib) : fmtOps(lib), ms ? fmt(jdbc) : fmtOps(jdbc), ms ? fmt(nodeValue) : fmtOps(nodeValue),
                fmt(vsNode), fmt(vsJdbc), targetText, result, agree);
        return Double.isNaN(vsNode) ? Optional.empty() : Optional.of(vsNode);
    }

    /** Per-query cost of W4 at 200k apps over that at 20k, for each runtime. */
    private void growthRow(String view) {
        double[] growth = new double[3];
        String[] impls = {Targets.LIBRARY, Targets.JDBC, NODE};
        for (int i = 0; i < 3; i++) {
            growth[i] = value("W4", impls[i], "FULL", 1, view) / value("W4_200K", impls[i], "FULL", 1, view);
        }
        row("W4 per-query cost, 200k apps / 20k apps", fmt(growth[0]) + "x", fmt(growth[1]) + "x", fmt(growth[2]) + "x",
                "", "", "<= 1.3x (lib)", Double.isNaN(growth[0]) ? "n/a" : verdict(growth[0] <= 1.3), "");
    }

    /** W1 on 1 thread at NORMAL with the default durability window (library only, JMH view). */
    private void durabilityWindowRow() {
        double window = value("W1", Targets.LIBRARY, Targets.NORMAL_WINDOW, 1, "warm");
        double jdbc = value("W1", Targets.JDBC, "NORMAL", 1, "warm");
        double nodeNormal = value("W1", NODE, "NORMAL", 1, "warm");
        row("W1 1 thread, NORMAL + " + PersistenceConfig.defaults().durabilityWindow().toMillis() + " ms window (lib)",
                fmtOps(window), fmtOps(jdbc), fmtOps(nodeNormal), fmt(window / nodeNormal), fmt(window / jdbc), "(info)",
                "", "");
    }

    private double value(String workload, String impl, String sync, int threads, String view) {
        return values.getOrDefault(key(workload, impl, sync, threads, view), Double.NaN);
    }

    /** "agree" when every runtime that ran printed the same checksum, else each one's. */
    private static String checksums(String lib, String jdbc, String node) {
        Set<String> distinct = new LinkedHashSet<>();
        Stream.of(lib, jdbc, node).filter(Objects::nonNull).forEach(distinct::add);
        if (distinct.isEmpty()) {
            return "";
        }
        int present = (int) Stream.of(lib, jdbc, node).filter(Objects::nonNull).count();
        if (distinct.size() == 1) {
            return (present == 3 ? "agree " : "agree (" + present + " of 3) ") + distinct.iterator().next();
        }
        return "DIFFER lib " + lib + " jdbc " + jdbc + " node " + node;
    }

    private double stall(String impl) {
        try {
            return Double.parseDouble(Files.readString(data.resolve("writer-stall-" + impl + ".txt")).trim());
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void row(String... cells) {
        rows.add(cells);
    }

    private String render() {
        String[] header = {"workload", "library", "JDBC", "better-sqlite3", "lib/Node", "lib/JDBC", "target", "result",
            "checksums"};
        int[] width = new int[header.length];
        for (String[] r : Stream.concat(Stream.<String[]>of(header), rows.stream()).toList()) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
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
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a"
                : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }

    private static String fmtOps(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }
}
