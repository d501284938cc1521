package io.latzero.persistence.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.change.ChangeFeed;
import io.latzero.persistence.change.ChangeWatch;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.PersistenceEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/change-feed.md: a consumer that applies changes and keeps a checkpoint, resuming from it after a restart. */
class ChangeFeedExampleIT {
    @TempDir
    Path dir;
    PersistenceManager persistence;
    private final AtomicLong checkpoint = new AtomicLong();
    private final List<PersistenceEvent> applied = new CopyOnWriteArrayList<>();

    @Test
    void a_consumer_resumes_from_its_checkpoint_after_a_restart() throws Exception {
        for (int run = 0; run < 2; run++) {
            persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).backupInterval(Duration.ZERO).build());
            persistence.initialize();
            persistence.registerApp("app-" + run, List.of(), List.of(), Map.of());
            consume();
            persistence.close();
        }
        assertThat(applied).extracting(e -> ((AppRegistered) e).appId()).containsExactly("app-0", "app-1");
        assertThat(checkpoint.get()).isEqualTo(2);
    }

    private void consume() throws InterruptedException {
        ChangeFeed feed = persistence.changes();
        long from = loadCheckpoint(); // 0 the first time
        try (ChangeWatch watch = feed.watch(from, change -> {
            apply(change.event()); // AppRegistered, PoolUpdated, ServerConfigSaved, ...
            saveCheckpoint(change.revision());
        }, failure -> reloadEverythingThenResume())) {
            runUntilShutdown();
        }
    }

    private long loadCheckpoint() {
        return checkpoint.get();
    }

    private void apply(PersistenceEvent event) {
        applied.add(event);
    }

    private void saveCheckpoint(long revision) {
        checkpoint.set(revision);
    }

    private void reloadEverythingThenResume() {
        throw new AssertionError("nothing is compacted here");
    }

    private void runUntilShutdown() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (checkpoint.get() < persistence.changes().currentRevision() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
