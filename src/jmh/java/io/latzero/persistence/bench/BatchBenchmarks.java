package io.latzero.persistence.bench;

import java.nio.file.Path;
import java.util.List;
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
 * W5 createMemoryBlock (100,000 blocks in transactions of 1,000) and W7 trigger churn (50,000 trigger records
 * created, dispatched and completed, each step its own transaction, then purged), each on a fresh database (the
 * warm-up runs it once first, so the measured run is of compiled code).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class BatchBenchmarks {
    static final int BLOCKS = 100_000;
    static final int BLOCKS_PER_TRANSACTION = 1_000;
    static final int TRIGGERS = 50_000;

    @Param({Targets.LIBRARY, Targets.JDBC})
    public String impl;

    /** FULL and NORMAL for W5 ({@link BenchSuite} asks for both); W7 runs on in-memory SQLite, where it does not apply. */
    @Param({"FULL"})
    public String sync;

    private Path dir;
    private Target target;
    private int blocks;
    private int triggers;
    private boolean measured;
    private String workload;
    private String result = "";

    @Setup(Level.Iteration)
    public void open(BenchmarkParams params, IterationParams iteration) {
        measured = iteration.getType() == IterationType.MEASUREMENT;
        workload = params.getBenchmark().endsWith("w7TriggerChurn") ? "W7" : "W5";
        blocks = Fixtures.scaled(BLOCKS, BLOCKS_PER_TRANSACTION);
        triggers = Fixtures.scaled(TRIGGERS, 100);
        dir = Fixtures.emptyDatabase("batch");
        target = Targets.open(impl, dir, sync);
    }

    @TearDown(Level.Iteration)
    public void close() {
        if (measured && "W7".equals(workload)) {
            Checksums.record(String.join("|", workload, impl, sync, "1", "warm"), Checksums.of(null, List.of(), result));
        }
        target.close();
        if (measured && "W5".equals(workload)) {
            Checksums.record(String.join("|", workload, impl, sync, "1", "warm"),
                    Checksums.of(dir.resolve("latzero.db"), Checksums.BLOCK_TABLES, ""));
        }
        Fixtures.delete(dir);
    }

    /** W7's result line, computed after the clock stopped (it purges what the TTL had not yet let go). */
    @TearDown(Level.Invocation)
    public void churnResult() {
        if (churn != null) {
            result = Workloads.w7Result(target, churn);
            churn = null;
        }
    }

    private Workloads.Churn churn;

    @Benchmark
    public void w5CreateMemoryBlocks() {
        Workloads.w5(target, blocks);
    }

    @Benchmark
    public int w7TriggerChurn() {
        churn = Workloads.w7(target, triggers);
        return churn.purged();
    }
}
