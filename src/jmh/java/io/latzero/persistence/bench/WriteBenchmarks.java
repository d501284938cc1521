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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * W1 registerApp (20,000 apps, one per transaction) and W3 updateApp (20,000 read-modify-write updates, one per
 * transaction), on 1 and 8 threads, at {@code synchronous} FULL, NORMAL, and NORMAL with the default durability window
 * (library only; {@link BenchSuite} runs it for W1 on 1 thread). Each invocation runs the whole workload
 * on a fresh database, so the score is the workload's time (the warm-up runs it once first, so the measured run is
 * of compiled code).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class WriteBenchmarks {
    static final int OPERATIONS = 20_000;

    @Param({Targets.LIBRARY, Targets.JDBC})
    public String impl;

    @Param({"FULL", "NORMAL", Targets.NORMAL_WINDOW})
    public String sync;

    @Param({"1", "8"})
    public int threads;

    private Path dir;
    private Target target;
    private int operations;
    private int apps;
    private boolean measured;
    private String workload;

    @Setup(Level.Iteration)
    public void open(BenchmarkParams params, IterationParams iteration) {
        operations = Fixtures.scaled(OPERATIONS, 100);
        apps = operations;
        measured = iteration.getType() == IterationType.MEASUREMENT;
        boolean update = params.getBenchmark().endsWith("w3UpdateApp");
        workload = update ? "W3" : "W1";
        dir = update ? Fixtures.seededDatabase("w3", apps, 0) : Fixtures.emptyDatabase("w1");
        target = Targets.open(impl, dir, sync);
    }

    @TearDown(Level.Iteration)
    public void close() {
        target.close();
        if (measured) {
            Checksums.record(String.join("|", workload, impl, sync, String.valueOf(threads), "warm"),
                    Checksums.of(dir.resolve("latzero.db"), Checksums.APP_TABLES, ""));
        }
        Fixtures.delete(dir);
    }

    @Benchmark
    public void w1RegisterApp() {
        Workloads.w1(target, threads, operations);
    }

    @Benchmark
    public void w3UpdateApp() {
        Workloads.w3(target, threads, apps);
    }
}
