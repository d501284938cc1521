package io.latzero.persistence.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * W8: a backup of the database the other workloads leave (20,000 apps and 100,000 blocks) while a writer keeps
 * updating apps, one per transaction. The library's backup is {@code createBackup()} (VACUUM INTO, fsync, verify,
 * checksum, rename); the baseline's is a bare {@code VACUUM INTO}. The writer's longest single write during the
 * measured backups is appended to {@code <bench.data>/writer-stall-<impl>.txt} for the report.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class BackupBenchmark {
    @Param({Targets.LIBRARY, Targets.JDBC})
    public String impl;

    private Path dir;
    private Path out;
    private Target target;
    private Thread writer;
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile boolean measuring;
    private volatile long longestWriteNanos;
    private boolean measured;
    private Path lastBackup;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Fixtures.seededDatabase("w8", Fixtures.scaled(20_000, 100), Fixtures.scaled(100_000, 1000));
        out = Files.createDirectories(dir.resolve("baseline-backups"));
        target = Targets.open(impl, dir, "FULL");
    }

    @Setup(Level.Iteration)
    public void startWriter(IterationParams iteration) throws InterruptedException {
        measured = iteration.getType() == IterationType.MEASUREMENT;
        writing.set(true);
        Target own = target.forThread();
        int apps = Fixtures.scaled(20_000, 100);
        writer = new Thread(() -> {
            try {
                for (int i = 0; writing.get(); i++) {
                    long start = System.nanoTime();
                    own.touchApp(Fixtures.appId(i % apps), i);
                    long took = System.nanoTime() - start;
                    if (measuring && took > longestWriteNanos) {
                        longestWriteNanos = took;
                    }
                }
            } finally {
                if (own != target) {
                    own.close();
                }
            }
        }, "bench-writer");
        writer.start();
        Thread.sleep(200);
    }

    @TearDown(Level.Iteration)
    public void stopWriter() throws InterruptedException, IOException {
        writing.set(false);
        writer.join();
        if (measured && lastBackup != null) {
            // The writer only touches apps: the copy's blocks are the seeded ones, whatever moment it was taken at.
            Checksums.record(String.join("|", "W8", impl, "FULL", "1", "warm"),
                    Checksums.of(lastBackup, Checksums.BLOCK_TABLES, "blocks " + Fixtures.scaled(100_000, 1000)));
        }
        try (var files = Files.list(out)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
        if (measured) {
            report();
        }
        Fixtures.delete(dir);
    }

    private void report() {
        Path data = Path.of(System.getProperty("bench.data", System.getProperty("java.io.tmpdir")));
        try {
            Files.createDirectories(data);
            Files.writeString(data.resolve("writer-stall-" + impl + ".txt"),
                    String.valueOf(longestWriteNanos / 1_000_000.0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public void w8Backup() {
        measuring = measured;
        try {
            lastBackup = target.backup(out);
        } finally {
            measuring = false;
        }
    }
}
