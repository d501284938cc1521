package io.latzero.persistence.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * An optional deployment measurement, not part of the suite's table: W9 cold start with the JVM's application class
 * data sharing (AppCDS, JDK 17: {@code -XX:ArchiveClassesAtExit} once, then {@code -XX:SharedArchiveFile}), next to
 * the same benchmark without it, and AppCDS with C1 only. A training fork writes the archive; the measured forks
 * map it. Usage:
 * {@code ColdStartAppCds [forks] [outputDir]}; run by {@code bash .ci/bench-appcds}, which puts every class in a jar
 * (the JVM archives nothing from a class directory).
 */
public final class ColdStartAppCds {
    private static final String HEAP = "-Xmx256m";

    private ColdStartAppCds() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench"));
        Path data = Files.createTempDirectory("latzero-bench-data-");
        Path archive = out.resolve("latzero-coldstart.jsa");
        try {
            System.setProperty("bench.data", data.toString());
            Fixtures.sharedDatabase(Fixtures.scaled(20_000, 100), Fixtures.scaled(100_000, 1000));
            Files.deleteIfExists(archive);
            double plain = median(run(out, data, "plain", forks, HEAP));
            run(out, data, "training", 1, HEAP, "-XX:ArchiveClassesAtExit=" + archive);
            if (!Files.exists(archive)) {
                throw new IllegalStateException("The training fork wrote no archive at " + archive);
            }
            String mapArchive = "-XX:SharedArchiveFile=" + archive;
            double shared = median(run(out, data, "appcds", forks, HEAP, mapArchive, "-Xshare:on"));
            // C1 only: less compilation competing for the cores at start, at the price of slower code later.
            double c1 = median(run(out, data, "appcds-c1", forks, HEAP, mapArchive, "-Xshare:on", "-XX:TieredStopAtLevel=1"));
            String table = String.format(Locale.ROOT, "W9 cold start to first getApp, library, median of %d fresh JVMs:%n"
                    + "  default JVM:                          %.0f ms%n"
                    + "  AppCDS:                               %.0f ms%n"
                    + "  AppCDS and -XX:TieredStopAtLevel=1:   %.0f ms (C1 only: lower peak throughput)%n",
                    forks, plain, shared, c1);
            Files.writeString(out.resolve("coldstart-appcds.txt"), table);
            System.out.print(table);
        } finally {
            Fixtures.delete(data);
        }
    }

    private static Collection<RunResult> run(Path out, Path data, String name, int forks, String... jvmArgs)
            throws RunnerException {
        List<String> args = new ArrayList<>(List.of(jvmArgs));
        args.add("-Dbench.data=" + data);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ColdStartBenchmark.class.getName() + ".w9ColdStart")
                .param("impl", Targets.LIBRARY)
                .forks(forks)
                .jvmArgsAppend(args.toArray(String[]::new))
                .output(out.resolve("jmh-coldstart-" + name + ".log").toString());
        return new Runner(options.build()).run();
    }

    private static double median(Collection<RunResult> results) {
        return results.iterator().next().getPrimaryResult().getStatistics().getPercentile(50);
    }
}
