package io.latzero.persistence.cli;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.block.BlockType;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.internal.files.DataDirectory;
import io.latzero.persistence.pool.PoolType;
import io.latzero.persistence.pool.PoolUpdate;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Runs the "Usage Example" of the specification step by step on a fresh data directory, printing each call,
 * its result, the events delivered after each commit, and the final statistics.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the specification's usage example step by step on a fresh data directory (a new "
                + "temporary directory unless --data-dir names one) and prints each step and the final stats."})
final class DemoCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private int steps;

    @Override
    public void run() {
        out = spec.commandLine().getOut();
        Path dir = freshDataDirectory();
        PersistenceConfig config = root.settings().toBuilder()
                .dataDir(dir).memoryMode(false).backupInterval(Duration.ofHours(1)).build();
        out.println("LatZero persistence demo: the specification's usage example, step by step.");
        out.println("Data directory: " + config.dataDir());
        out.println();
        try (PersistenceManager persistence = new PersistenceManager(config)) {
            step("new PersistenceManager(dataDir, memoryMode=false, backupInterval=1h).initialize()", () -> {
                persistence.initialize();
                return Map.of("schemaVersion", persistence.getStats().schemaVersion());
            });
            persistence.on(PersistenceEvent.class, event -> out.println("   event after commit: " + describe(event)));
            step("registerApp(\"my-app\", [process-data], [data-pool], {version, description})",
                    () -> persistence.registerApp("my-app", List.of("process-data"), List.of("data-pool"),
                            Map.of("version", "1.0.0", "description", "Data processing application")));
            step("createPool(\"data-pool\", local, encrypted=false, {description, owners})",
                    () -> persistence.createPool("data-pool", PoolType.LOCAL, false,
                            Map.of("description", "Pool for data processing", "owners", List.of("my-app"))));
            step("createMemoryBlock(\"data-block-1\", 4096, json, {name, pool, persistent})",
                    () -> persistence.createMemoryBlock("data-block-1", 4096, BlockType.JSON,
                            Map.of("name", "Processing Buffer", "pool", "data-pool", "persistent", true)));
            step("transaction { updateApp(\"my-app\", triggers); updatePool(\"data-pool\", description) }",
                    () -> persistence.transaction(() -> List.of(
                            persistence.updateApp("my-app",
                                    AppUpdate.builder().triggers(List.of("process-data", "validate-data")).build()),
                            persistence.updatePool("data-pool", PoolUpdate.builder()
                                    .description("Updated pool for data processing and validation").build()))));
            step("createBackup()", persistence::createBackup);
            steps++;
            out.println(steps + ". getStats()");
            out.println(JsonOutput.pretty(persistence.getStats()));
            step("shutdown()", () -> {
                persistence.shutdown();
                return "closed";
            });
        }
        out.println();
        out.println("The data directory is kept; to look at it, run:");
        out.println("  " + LaunchCommand.current() + " apps list --data-dir "
                + LaunchCommand.shellWord(config.dataDir().toString()));
    }

    private Path freshDataDirectory() {
        if (root.dataDir == null) {
            try {
                return Files.createTempDirectory("latzero-demo-");
            } catch (IOException e) {
                throw new StorageException("Cannot create a temporary data directory: " + e.getMessage(), e);
            }
        }
        if (Files.exists(root.dataDir.resolve(DataDirectory.DATABASE_FILE))) {
            throw new ParameterException(spec.commandLine(), "--data-dir " + root.dataDir
                    + " already holds a LatZero database; the demo needs a fresh directory");
        }
        return root.dataDir;
    }

    private void step(String call, Supplier<?> action) {
        steps++;
        out.println(steps + ". " + call);
        Object result = action.get();
        out.println("   -> " + JsonOutput.compact(result));
        out.flush();
    }

    /** The event's type and the id it carries (its first component), e.g. {@code AppRegistered my-app}. */
    private static String describe(PersistenceEvent event) {
        RecordComponent[] components = event.getClass().getRecordComponents();
        if (components == null || components.length == 0) {
            return event.getClass().getSimpleName();
        }
        try {
            return event.getClass().getSimpleName() + " " + components[0].getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            return event.getClass().getSimpleName();
        }
    }
}
