package io.latzero.persistence.bench;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.app.App;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * W9 cold start: in a fresh JVM (one measurement per fork, no warm-up), from nothing loaded to the first
 * {@code getApp} answered on the seeded database. The suite runner seeds the database before the forks start, so
 * nothing of the library or the driver is loaded when the clock starts.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class ColdStartBenchmark {
    @Param({Targets.LIBRARY, Targets.JDBC})
    public String impl;

    private Path dir;
    private AutoCloseable opened;

    @Setup(Level.Trial)
    public void locate() {
        dir = Fixtures.sharedDatabase(Fixtures.scaled(20_000, 100), Fixtures.scaled(100_000, 1000));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        opened.close();
    }

    @Benchmark
    public App w9ColdStart() throws SQLException {
        if (Targets.LIBRARY.equals(impl)) {
            PersistenceManager persistence = new PersistenceManager(Fixtures.config(dir, Synchronous.FULL));
            opened = persistence;
            persistence.initialize();
            return persistence.getApp(Fixtures.appId(1)).orElseThrow();
        }
        Connection connection = JdbcTarget.connect("jdbc:sqlite:" + dir.resolve("latzero.db"), Synchronous.FULL, true);
        opened = connection;
        try (PreparedStatement s = connection.prepareStatement("SELECT app_id, pools, triggers, meta, protocol_version,"
                + " registered, last_seen, rehydrated FROM app_registry WHERE app_id = ?")) {
            s.setString(1, Fixtures.appId(1));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return JdbcTarget.app(rs);
            }
        }
    }
}
