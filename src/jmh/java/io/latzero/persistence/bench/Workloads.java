package io.latzero.persistence.bench;

import io.latzero.persistence.app.App;
import io.latzero.persistence.trigger.TriggerRecord;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The workloads' bodies, shared by the JMH benchmarks (warmed-up view) and {@link FreshProcess} (fresh process after a
 * short warm-up), and mirrored line by line by {@code bench/node/bench.js}. The read workloads return a result line
 * (what they read, summed) for the checksum; the JMH versions pass every value to a consumer (the Blackhole).
 */
final class Workloads {
    private Workloads() {
    }

    /** W1: apps 0..n-1 registered, one per transaction. */
    static void w1(Target target, int threads, int n) {
        int pools = Fixtures.POOLS;
        Targets.run(target, threads, n, (t, i) ->
                t.registerApp(Fixtures.appId(i), Fixtures.TRIGGERS, Fixtures.pools(i, pools), Fixtures.meta(i)));
    }

    /** W3: n read-modify-write updates of the n seeded apps (7919 is prime: every app once, in a scattered order). */
    static void w3(Target target, int threads, int n) {
        Targets.run(target, threads, n, (t, i) -> t.touchApp(Fixtures.appId((int) ((i * 7919L) % n)), i));
    }

    /** W2: n point reads of random ids (SplittableRandom 42) over {@code apps} apps. */
    static String w2(Target target, int apps, int n, Consumer<Object> sink) {
        SplittableRandom random = new SplittableRandom(42);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            App app = target.getApp(Fixtures.appId(random.nextInt(apps))).orElseThrow();
            sum += ((Number) app.meta().get("instance")).longValue();
            sink.accept(app);
        }
        return "reads " + n + ", sum of meta.instance " + sum;
    }

    /** W4: n pool listings over {@code apps} apps (pool count grows with the apps: ~160 rows each). */
    static String w4(Target target, int apps, int n, Consumer<Object> sink) {
        int pools = Fixtures.appPools(apps);
        long rows = 0;
        for (int i = 0; i < n; i++) {
            var list = target.getAppsByPool(Fixtures.pool((i * 31) % pools));
            rows += list.size();
            sink.accept(list);
        }
        return "queries " + n + ", rows " + rows;
    }

    /** W6: n block listings (~400 rows each over 100,000 blocks). */
    static String w6(Target target, int n, Consumer<Object> sink) {
        long rows = 0;
        for (int i = 0; i < n; i++) {
            var list = target.getMemoryBlocksByPool(Fixtures.pool((i * 31) % Fixtures.POOLS));
            rows += list.size();
            sink.accept(list);
        }
        return "queries " + n + ", rows " + rows;
    }

    /** W5: blocks 0..n-1 created in transactions of 1,000. */
    static void w5(Target target, int n) {
        for (int first = 0; first < n; first += BatchBenchmarks.BLOCKS_PER_TRANSACTION) {
            target.createBlocks(first, Math.min(BatchBenchmarks.BLOCKS_PER_TRANSACTION, n - first), Fixtures.POOLS);
        }
    }

    /** W7's counts: completions returned done by the worker they were dispatched to, and records purged. */
    record Churn(int completedOk, int purged) {
    }

    /** W7: n trigger records created, dispatched, completed (each step its own transaction), then purged. */
    static Churn w7(Target target, int n) {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            String id = "trigger-" + i;
            String worker = "worker-" + (i % 7);
            target.createTrigger(id, "app-" + (i % 100));
            target.dispatchTrigger(id, worker);
            TriggerRecord done = target.completeTrigger(id);
            if (done.completed() && worker.equals(done.dispatchedTo())) {
                ok++;
            }
        }
        return new Churn(ok, target.purgeExpiredTriggers());
    }

    /** W7's result line, after the clock stops: the records the last purge left (TTL not yet over) purged too. */
    static String w7Result(Target target, Churn churn) {
        try {
            Thread.sleep(2 * LibraryTarget.TRIGGER_TTL.toMillis() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int purged = churn.purged() + target.purgeExpiredTriggers();
        return "completed " + churn.completedOk() + ", purged " + purged;
    }
}
