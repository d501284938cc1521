package io.latzero.persistence.change;

import static io.latzero.persistence.testing.TestManagers.await;
import static io.latzero.persistence.testing.TestManagers.open;
import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.block.MemoryBlock;
import io.latzero.persistence.block.MemoryBlockUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite, one process: writer threads change apps, blocks and server config while a watcher is closed and resumed
 * from its last revision at random moments; what it saw must be the log, revision by revision, and replay to the
 * final state.
 */
class ChangeFeedConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void a_watcher_killed_and_resumed_at_random_sees_every_revision_once_in_order_and_replays_the_final_state()
            throws Exception {
        try (PersistenceManager persistence = open(dir)) {
            List<Change> seen = new CopyOnWriteArrayList<>();
            long deadline = System.currentTimeMillis() + 8_000;
            Thread[] writers = new Thread[4];
            for (int i = 0; i < writers.length; i++) {
                Random random = new Random(i);
                writers[i] = new Thread(() -> write(persistence, random, deadline));
                writers[i].start();
            }
            Random random = new Random();
            int kills = 0;
            ChangeWatch watch = persistence.changes().watch(0, seen::add);
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(10 + random.nextInt(100));
                watch.close();
                kills++;
                watch = persistence.changes().watch(watch.lastRevision(), seen::add);
            }
            for (Thread writer : writers) {
                writer.join();
            }
            long last = persistence.changes().currentRevision();
            ChangeWatch finalWatch = watch;
            await("the watcher to catch up", Duration.ofSeconds(20), () -> finalWatch.lastRevision() == last);
            finalWatch.close();

            assertThat(kills).isGreaterThan(20);
            assertThat(last).isGreaterThan(100);
            assertThat(seen).extracting(Change::revision)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
            assertReplayIsTheFinalState(persistence, seen);
        }
    }

    private static void write(PersistenceManager p, Random r, long deadline) {
        while (System.currentTimeMillis() < deadline) {
            String n = String.valueOf(r.nextInt(10));
            int value = r.nextInt(1000);
            try {
                switch (r.nextInt(7)) {
                    case 0 -> p.registerApp("app-" + n, List.of(), List.of("pool-" + n), Map.of("n", value));
                    case 1 -> p.updateApp("app-" + n, AppUpdate.builder().meta(Map.of("n", value)).build());
                    case 2 -> p.removeApp("app-" + n);
                    case 3 -> p.createMemoryBlock("block-" + n, value, BlockType.BINARY, Map.of());
                    case 4 -> p.updateMemoryBlock("block-" + n, MemoryBlockUpdate.builder().size(value).build());
                    case 5 -> p.removeMemoryBlock("block-" + n);
                    default -> {
                        if (value % 3 == 0) {
                            p.removeServerConfig("config-" + n);
                        } else {
                            p.saveServerConfig("config-" + n, value);
                        }
                    }
                }
            } catch (LatZeroPersistenceException expected) {
                // exists already or not found: part of the race
            }
        }
    }

    private static void assertReplayIsTheFinalState(PersistenceManager persistence, List<Change> changes) {
        ChangeReplay replay = new ChangeReplay();
        changes.forEach(replay::apply);
        assertThat(replay.apps).isEqualTo(persistence.getAllApps().stream()
                .collect(Collectors.toMap(App::appId, a -> a, (a, b) -> a, TreeMap::new)));
        assertThat(replay.blocks).isEqualTo(persistence.getAllMemoryBlocks().stream()
                .collect(Collectors.toMap(MemoryBlock::id, b -> b, (a, b) -> a, TreeMap::new)));
        for (int i = 0; i < 10; i++) {
            assertThat(persistence.loadServerConfig("config-" + i))
                    .isEqualTo(Optional.ofNullable(replay.config.get("config-" + i)));
        }
    }
}
