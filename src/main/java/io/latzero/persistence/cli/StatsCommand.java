package io.latzero.persistence.cli;

import io.latzero.persistence.PersistenceManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Prints the schema version, locations, activity and row counts as JSON.")
final class StatsCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        root.printJson(spec, PersistenceManager::getStats);
    }
}
