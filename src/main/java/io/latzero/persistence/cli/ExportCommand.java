package io.latzero.persistence.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes every durable record (apps, pools, memory blocks, server config) to FILE as portable, "
                + "versioned NDJSON from one consistent snapshot, with a progress bar on a terminal. Prints the file "
                + "and the records per table as JSON."})
final class ExportCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "FILE", description = "The file to write (replaced atomically when complete).")
    Path file;

    @Override
    public void run() {
        root.printJson(spec, persistence -> persistence.exportTo(file,
                ProgressBar.onTerminal(spec.commandLine().getErr(), "export")));
    }
}
