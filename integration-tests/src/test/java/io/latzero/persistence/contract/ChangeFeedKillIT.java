package io.latzero.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.change.ChangeReplay;
import io.latzero.persistence.pool.Pool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three LatZero servers (child JVMs) on one PostgreSQL schema write apps, pools, blocks and server config
 * concurrently; each runs a watcher that is closed and resumed from its last revision every few hundred
 * milliseconds, and each JVM is also SIGKILLed once at a random moment and restarted from the last revision it
 * printed. Every watcher's sequence of revisions must be the log's, with the same change at each revision, and
 * replaying the log must give the final state.
 */
class ChangeFeedKillIT {
    private static final int SERVERS = 3;
    private static final Duration WRITING = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void watchers_killed_at_random_on_three_servers_see_the_logs_exact_sequence_and_replay_to_the_final_state()
            throws Exception {
        try (PostgresTestDatabase.Schema schema = PostgresTestDatabase.get().newSchema();
             PersistenceManager parent = new PersistenceManager(PersistenceConfig.builder().dataDir(dir)
                     .backupInterval(Duration.ZERO).durableDatabase(schema.database()).changeLogOrigin("parent").build())) {
            parent.initialize();
            Random random = new Random();
            List<Slot> slots = new ArrayList<>();
            for (int i = 0; i < SERVERS; i++) {
                slots.add(new Slot(schema, "server-" + i, random.nextLong()));
            }
            for (Slot slot : slots) {
                slot.start(0);
            }
            for (Slot slot : slots) {
                slot.awaitLine("READY", Duration.ofSeconds(120));
            }
            long until = System.currentTimeMillis() + WRITING.toMillis();
            for (Slot slot : slots) {
                slot.go(until);
            }
            // Each server is killed once, at a random moment while the others write, and restarted where it was.
            long[] killAt = new long[SERVERS];
            for (int i = 0; i < SERVERS; i++) {
                killAt[i] = System.currentTimeMillis() + 2_000 + random.nextInt(12_000);
            }
            int processKills = 0;
            boolean[] killed = new boolean[SERVERS];
            while (processKills < SERVERS) {
                for (int i = 0; i < SERVERS; i++) {
                    if (!killed[i] && System.currentTimeMillis() >= killAt[i]) {
                        slots.get(i).killAndRestart();
                        killed[i] = true;
                        processKills++;
                    }
                }
                Thread.sleep(50);
            }
            for (Slot slot : slots) {
                slot.awaitLine("DONE", Duration.ofSeconds(120));
            }
            long last = parent.changes().currentRevision();
            for (Slot slot : slots) {
                slot.send("FINISH " + last);
            }
            for (Slot slot : slots) {
                slot.awaitLine("CAUGHT-UP", Duration.ofSeconds(60));
                slot.stop();
            }

            Map<Long, String> log = readLog(parent, last);
            List<Long> expected = LongStream.rangeClosed(1, last).boxed().toList();
            assertThat(log.keySet()).containsExactlyElementsOf(expected);
            long checked = 0;
            int watchKills = 0;
            StringBuilder figures = new StringBuilder();
            for (Slot slot : slots) {
                List<String> lines = slot.changeLines();
                List<Long> revisions = lines.stream().map(FeedLines::revision).toList();
                long duplicates = revisions.size() - revisions.stream().distinct().count();
                long gaps = expected.stream().filter(r -> !revisions.contains(r)).count();
                figures.append(slot.origin).append(": revisions=").append(revisions.size()).append(" duplicates=")
                        .append(duplicates).append(" gaps=").append(gaps).append(" watch-kills=")
                        .append(slot.watchKills).append(" process-kills=1 writes=").append(slot.written + slot.wroteNow).append('\n');
                assertThat(slot.failures).isEmpty();
                assertThat(revisions).containsExactlyElementsOf(expected);
                assertThat(lines).containsExactlyElementsOf(log.values());
                checked += revisions.size();
                watchKills += slot.watchKills;
            }
            figures.append("total: servers=").append(SERVERS).append(" log-revisions=").append(last)
                    .append(" revisions-checked=").append(checked).append(" watch-kills=").append(watchKills)
                    .append(" process-kills=").append(processKills).append('\n');
            Files.writeString(Path.of("target", "change-feed-kill-figures.txt"), figures.toString());
            System.out.print(figures);
            assertReplayGivesFinalState(parent, last);
        }
    }

    private static Map<Long, String> readLog(PersistenceManager persistence, long last) {
        Map<Long, String> log = new LinkedHashMap<>();
        long from = 0;
        while (from < last) {
            List<Change> page = persistence.changes().changesSince(from, 1000);
            for (Change change : page) {
                if (change.revision() <= last) {
                    log.put(change.revision(), FeedLines.line(change));
                }
                from = change.revision();
            }
        }
        return log;
    }

    private static void assertReplayGivesFinalState(PersistenceManager persistence, long last) {
        ChangeReplay replay = new ChangeReplay();
        long from = 0;
        while (from < last) {
            for (Change change : persistence.changes().changesSince(from, 1000)) {
                from = change.revision();
                if (from <= last) {
                    replay.apply(change);
                }
            }
        }
        assertThat(replay.apps).isEqualTo(byKey(persistence.getAllApps(), App::appId));
        assertThat(replay.pools).isEqualTo(byKey(persistence.getAllPools(), Pool::name));
        assertThat(replay.blocks).isEqualTo(byKey(persistence.getAllMemoryBlocks(), MemoryBlock::id));
        for (int i = 0; i < 4; i++) {
            assertThat(persistence.loadServerConfig("config-" + i))
                    .isEqualTo(java.util.Optional.ofNullable(replay.config.get("config-" + i)));
        }
    }

    private static <T> Map<String, T> byKey(List<T> values, Function<T, String> key) {
        return values.stream().collect(Collectors.toMap(key, v -> v, (a, b) -> a, TreeMap::new));
    }

    /** One server: its child JVM incarnations and every line they printed. */
    private static final class Slot {
        private final PostgresTestDatabase.Schema schema;
        private final String origin;
        private final long seed;
        private volatile long until;
        private volatile int written;
        private volatile int wroteNow;
        private final List<String> changeLines = new CopyOnWriteArrayList<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.BlockingQueue<String> control = new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile Process process;
        private volatile int watchKills;

        Slot(PostgresTestDatabase.Schema schema, String origin, long seed) {
            this.schema = schema;
            this.origin = origin;
            this.seed = seed;
        }

        void go(long until) throws IOException {
            this.until = until;
            send("GO " + until);
        }

        void start(long from) throws IOException {
            written += wroteNow;
            wroteNow = 0;
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx192m",
                    "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                    "-cp", System.getProperty("java.class.path"), FeedServer.class.getName(),
                    schema.database().url(), String.valueOf(schema.database().user()), origin, String.valueOf(from),
                    String.valueOf(seed + from));
            Process started = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            process = started;
            Thread reader = new Thread(() -> pump(started), "feed-server-" + origin);
            reader.setDaemon(true);
            reader.start();
        }

        private void pump(Process p) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (FeedLines.revision(line) > 0) {
                        changeLines.add(line);
                    } else if (line.startsWith("FAILED")) {
                        failures.add(line);
                    } else if (line.startsWith("WROTE ")) {
                        wroteNow = Integer.parseInt(line.substring(6));
                    } else if (line.equals("KILLED")) {
                        watchKills++;
                    } else {
                        control.add(line);
                    }
                }
            } catch (IOException ignored) {
                // killed while reading: what was read whole is kept
            }
        }

        /** SIGKILL, then a new JVM resuming after the last change this server printed whole. */
        void killAndRestart() throws Exception {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(100);
            long last = changeLines.isEmpty() ? 0 : FeedLines.revision(changeLines.get(changeLines.size() - 1));
            control.clear();
            start(last);
            // It waits for GO once started; stdin buffers the line until then.
            go(until);
        }

        List<String> changeLines() {
            return changeLines;
        }

        void awaitLine(String expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = control.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError(origin + " did not print " + expected + " within " + timeout);
                }
                if (line.equals(expected)) {
                    return;
                }
            }
        }

        void send(String line) throws IOException {
            OutputStream out = process.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void stop() throws InterruptedException {
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
            Thread.sleep(50);
        }
    }
}
