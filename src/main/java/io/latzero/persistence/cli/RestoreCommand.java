package io.latzero.persistence.cli;

import io.latzero.persistence.PersistenceStats;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replaces the database with a backup after checking its checksum, integrity and schema; "
                + "the current database is first saved as a backup. Prints the restored file and the new stats "
                + "as JSON."})
final class RestoreCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE",
            description = "A backup in <data-dir>/backups: its file name, or its absolute path.")
    Path file;

    /** What {@code restore} prints. */
    record Result(Path restored, PersistenceStats stats) {
    }

    @Override
    public void run() {
        root.printJson(spec, persistence -> {
            persistence.restoreBackup(file);
            return new Result(file, persistence.getStats());
        });
    }
}
