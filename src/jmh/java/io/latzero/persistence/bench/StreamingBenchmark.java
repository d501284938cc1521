package io.latzero.persistence.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * Memory: every block of a database of 200,000 apps and 1,000,000 blocks streamed through
 * {@code forEachMemoryBlock} in a JVM limited to 256 MiB (like every fork of the suite). The score is the time to
 * stream them all; failing with OutOfMemoryError fails the suite.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class StreamingBenchmark {
    static final int APPS = 200_000;
    static final int BLOCKS = 1_000_000;

    @Param({Targets.LIBRARY, Targets.JDBC})
    public String impl;

    private Target target;

    @Setup(Level.Trial)
    public void open() {
        Path dir = Fixtures.sharedDatabase(Fixtures.scaled(APPS, 100), Fixtures.scaled(BLOCKS, 1000));
        target = Targets.open(impl, dir, "FULL");
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
    }

    @Benchmark
    public long streamAllBlocks() {
        LongAdder count = new LongAdder();
        target.forEachMemoryBlock(b -> count.increment());
        if (count.sum() != Fixtures.scaled(BLOCKS, 1000)) {
            throw new IllegalStateException("streamed " + count.sum() + " blocks");
        }
        return count.sum();
    }
}
