package io.latzero.persistence.cli;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.internal.files.DataDirectory;
import io.latzero.persistence.internal.store.sqlite.LiveDatabaseCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Runs the full integrity_check, the schema allow-list and the version check on the data "
                + "directory's database, with the directory locked, and prints the result as JSON; exit code 1 if the "
                + "database is damaged or not one the library would open. Reads the whole file."})
final class VerifyCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;

    /** What {@code verify} prints when the database passed. */
    record Result(Path database, long bytes, String integrityCheck, String schema, long milliseconds) {
    }

    @Override
    public void run() {
        PersistenceConfig config = root.settings();
        if (config.durableDatabase() != null || config.memoryMode()) {
            throw new InvalidInputException("verify", "verify checks the SQLite file of a data directory, not "
                    + (config.memoryMode() ? "memory mode" : "a database server"));
        }
        Path database = config.dataDir().resolve(DataDirectory.DATABASE_FILE);
        if (!Files.isRegularFile(database)) {
            throw new NotFoundException("LatZero database", database.toString());
        }
        long started = System.nanoTime();
        long bytes = LiveDatabaseCheck.verify(config.dataDir());
        long ms = (System.nanoTime() - started) / 1_000_000;
        spec.commandLine().getOut().println(JsonOutput.pretty(new Result(database, bytes, "ok", "ok", ms)));
    }
}
