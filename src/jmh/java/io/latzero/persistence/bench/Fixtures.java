package io.latzero.persistence.bench;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.Synchronous;
import io.latzero.persistence.block.BlockType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The data every workload uses: deterministic ids, pools, triggers and metadata, sizes scaled by the
 * {@code bench.scale} system property (1 = the sizes), and empty or seeded data directories.
 */
final class Fixtures {
    static final int POOLS = 250;
    /** Apps per pool membership: 20,000 apps in 2 of 250 pools each gives ~160 apps per pool. */
    static final int APPS_PER_POOL = 80;
    static final List<String> TRIGGERS = List.of("process-data", "resize-image", "send-report");

    private Fixtures() {
    }

    static double scale() {
        return Double.parseDouble(System.getProperty("bench.scale", "1"));
    }

    /** {@code n} times the scale, at least {@code floor}. */
    static int scaled(int n, int floor) {
        return Math.max(floor, (int) Math.round(n * scale()));
    }

    static String appId(int i) {
        return "app-" + i;
    }

    static String blockId(int i) {
        return "block-" + i;
    }

    static String pool(int p) {
        return "pool-" + p;
    }

    /** Two distinct pools of {@code poolCount}. */
    static List<String> pools(int i, int poolCount) {
        int a = i % poolCount;
        int b = (a + 1 + (i / poolCount) % (poolCount - 1)) % poolCount;
        return List.of(pool(a), pool(b));
    }

    static Map<String, Object> meta(int i) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("version", "1.0.0");
        meta.put("host", "worker-" + (i % 16));
        meta.put("instance", i);
        return meta;
    }

    static Map<String, Object> blockOptions(int i, int poolCount) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("name", "buffer " + i);
        options.put("pool", pool(i % poolCount));
        options.put("persistent", true);
        options.put("permissions", Map.of("read", List.of("*"), "write", List.of("owner")));
        options.put("codec", "raw");
        return options;
    }

    static final BlockType BLOCK_TYPE = BlockType.BINARY;
    static final long BLOCK_SIZE = 65_536;

    /** Settings for a benchmark; NORMAL without a durability window (see {@link Targets#NORMAL_WINDOW}). */
    static PersistenceConfig config(Path dir, Synchronous synchronous) {
        return PersistenceConfig.builder().dataDir(dir).synchronous(synchronous).durabilityWindow(Duration.ZERO)
                .backupInterval(Duration.ZERO).triggerPurgeInterval(Duration.ZERO).build();
    }

    /**
     * A new empty data directory holding the library's schema: a copy of {@code bench.template} when that names one
     * (an empty data directory the library created and closed: {@link FreshProcess} uses it, so that a fresh JDBC
     * process never runs the library), else created by the library here.
     */
    static Path emptyDatabase(String name) {
        try {
            Path dir = Files.createTempDirectory("latzero-bench-" + name + "-");
            String template = System.getProperty("bench.template");
            if (template != null && Files.exists(Path.of(template, ".complete"))) {
                copy(Path.of(template), dir);
                return dir;
            }
            try (PersistenceManager schema = new PersistenceManager(config(dir, Synchronous.NORMAL))) {
                schema.initialize();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A data directory with {@code apps} apps (pools chosen for ~160 apps a pool) and {@code blocks} blocks. */
    static Path seededDatabase(String name, int apps, int blocks) {
        Path dir = emptyDatabase(name);
        try (JdbcTarget jdbc = JdbcTarget.open(dir, Synchronous.NORMAL)) {
            jdbc.seedApps(apps, appPools(apps));
            int chunk = 10_000;
            for (int first = 0; first < blocks; first += chunk) {
                jdbc.createBlocks(first, Math.min(chunk, blocks - first), POOLS);
            }
        }
        return dir;
    }

    /**
     * A seeded data directory shared by the read-only workloads of one suite run, built on first use under the
     * {@code bench.data} directory (the runner gives each run its own).
     */
    static Path sharedDatabase(int apps, int blocks) {
        Path root = Path.of(System.getProperty("bench.data", System.getProperty("java.io.tmpdir") + "/latzero-bench-data"));
        Path dir = root.resolve("apps-" + apps + "-blocks-" + blocks);
        Path complete = dir.resolve(".complete");
        if (Files.exists(complete)) {
            return dir;
        }
        try {
            Files.createDirectories(root);
            Path fresh = seededDatabase("shared", apps, blocks);
            delete(dir);
            Files.move(fresh, dir);
            Files.createFile(complete);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pool count keeping ~160 apps in each pool whatever the number of apps. */
    static int appPools(int apps) {
        return Math.max(2, apps * 2 / (2 * APPS_PER_POOL));
    }

    /** An empty data directory to copy ({@code bench.template}), created once under {@code root}. */
    static Path template(Path root) {
        Path dir = root.resolve("empty-template");
        if (!Files.exists(dir.resolve(".complete"))) {
            Path fresh = emptyDatabase("template");
            try {
                delete(dir);
                Files.move(fresh, dir);
                Files.createFile(dir.resolve(".complete"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (p.getFileName().toString().equals(".complete")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
