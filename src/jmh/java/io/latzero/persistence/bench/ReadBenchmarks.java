package io.latzero.persistence.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * W2 getApp (200,000 random point reads by id over 20,000 apps), W4 getAppsByPool (2,000 queries of ~160 rows, over
 * 20,000 and 200,000 apps: the pool count grows with the apps so every query returns ~160 rows and only the table
 * size changes) and W6 getMemoryBlocksByPool (2,000 queries of ~400 rows over 100,000 blocks).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class ReadBenchmarks {
    static final int READS = 200_000;
    static final int QUERIES = 2_000;

    @Param({Targets.LIBRARY, Targets.JDBC})
    public String impl;

    @Param({"20000"})
    public int apps;

    @Param({"100000"})
    public int blocks;

    private Target target;
    private int scaledApps;
    private Path dir;
    private String benchmark;
    /** The last invocation's result line, for the checksum. */
    private String result;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
        scaledApps = Fixtures.scaled(apps, 100);
        dir = Fixtures.sharedDatabase(scaledApps, Fixtures.scaled(blocks, 1000));
        target = Targets.open(impl, dir, "FULL");
        benchmark = params.getBenchmark();
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
        String workload = benchmark.endsWith("w2GetApp") ? "W2"
                : benchmark.endsWith("w6GetMemoryBlocksByPool") ? "W6" : apps == 20_000 ? "W4" : "W4_200K";
        Checksums.record(String.join("|", workload, impl, "FULL", "1", "warm"), Checksums.of(dir.resolve("latzero.db"),
                "W6".equals(workload) ? Checksums.BLOCK_TABLES : Checksums.APP_TABLES, result));
    }

    @Benchmark
    public void w2GetApp(Blackhole bh) {
        result = Workloads.w2(target, scaledApps, Fixtures.scaled(READS, 1000), bh::consume);
    }

    @Benchmark
    public void w4GetAppsByPool(Blackhole bh) {
        result = Workloads.w4(target, scaledApps, Fixtures.scaled(QUERIES, 20), bh::consume);
    }

    @Benchmark
    public void w6GetMemoryBlocksByPool(Blackhole bh) {
        result = Workloads.w6(target, Fixtures.scaled(QUERIES, 20), bh::consume);
    }
}
