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

    @Param({"FULL"})
    public String sync;

    private Path dir;
    private Target target;
    private int blocks;
    private int triggers;

    @Setup(Level.Iteration)
    public void open() {
        blocks = Fixtures.scaled(BLOCKS, BLOCKS_PER_TRANSACTION);
        triggers = Fixtures.scaled(TRIGGERS, 100);
        dir = Fixtures.emptyDatabase("batch");
        target = Targets.open(impl, dir, sync);
    }

    @TearDown(Level.Iteration)
    public void close() {
        target.close();
        Fixtures.delete(dir);
    }

    @Benchmark
    public void w5CreateMemoryBlocks() {
        for (int first = 0; first < blocks; first += BLOCKS_PER_TRANSACTION) {
            target.createBlocks(first, Math.min(BLOCKS_PER_TRANSACTION, blocks - first), Fixtures.POOLS);
        }
    }

    @Benchmark
    public int w7TriggerChurn() {
        for (int i = 0; i < triggers; i++) {
            String id = "trigger-" + i;
            target.createTrigger(id, "app-" + (i % 100));
            target.dispatchTrigger(id, "worker-" + (i % 7));
            target.completeTrigger(id);
        }
        return target.purgeExpiredTriggers();
    }
}
