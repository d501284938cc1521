package io.latzero.persistence.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Takes a verified online backup into <data-dir>/backups and prints its path and the "
                + "backups kept (newest first) as JSON."})
final class BackupCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;

    /** What {@code backup} prints. */
    record Result(Path backup, List<Path> backups) {
    }

    @Override
    public void run() {
        root.printJson(spec, persistence -> {
            Path backup = persistence.createBackup();
            return new Result(backup, persistence.listBackups());
        });
    }
}
