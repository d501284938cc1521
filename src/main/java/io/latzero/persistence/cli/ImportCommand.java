package io.latzero.persistence.cli;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.transfer.TransferSummary;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Reads an export written by 'export' (from SQLite or PostgreSQL) into an empty store: a new data "
                + "directory, or the database named by latzero.persistence.durable.url. Every record is validated and "
                + "the import is one transaction: on any problem nothing is written. Shows a progress bar on a "
                + "terminal and prints the records per table as JSON."})
final class ImportCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "An export file.")
    Path file;

    @Override
    public void run() {
        // Unlike the other commands this one may create the database: importing into a new store is its purpose.
        try (PersistenceManager persistence = new PersistenceManager(root.settings())) {
            persistence.initialize();
            TransferSummary summary = persistence.importFrom(file,
                    ProgressBar.onTerminal(spec.commandLine().getErr(), "import"));
            spec.commandLine().getOut().println(JsonOutput.pretty(summary));
        }
    }
}
