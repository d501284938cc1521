package io.latzero.persistence.cli;

import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.internal.files.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code latzero-persistence} command-line tool. Each subcommand parses its arguments, calls
 * the {@link PersistenceManager} and prints the result; failures become one line on stderr and an exit code
 * (see {@link CliErrors}).
 */
@Command(name = "latzero-persistence",
        mixinStandardHelpOptions = true,
        versionProvider = LatZeroCli.Version.class,
        description = "Inspect and maintain a LatZero persistence data directory.",
        subcommands = {DemoCommand.class, StatsCommand.class, VerifyCommand.class, BackupCommand.class, RestoreCommand.class,
                ExportCommand.class, ImportCommand.class,
                AppsCommand.class, PoolsCommand.class, BlocksCommand.class, WatchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:storage failure (database or file), or another persistence error",
                "2:invalid command line",
                "3:not found (record, database or backup)",
                "4:already exists",
                "5:conflict with a concurrent writer",
                "6:invalid input or configuration value",
                "70:internal error"})
public final class LatZeroCli {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data directory (overrides latzero.persistence.data-dir; default ~/.latzero).")
    Path dataDir;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Properties file with latzero.persistence.* keys, read through MicroProfile Config; "
                    + "system properties and LATZERO_PERSISTENCE_* environment variables still take precedence.")
    Path configFile;

    /** Runs the tool and exits the JVM with its exit code. */
    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, ready to {@link CommandLine#execute(String...) execute}; used by tests too. */
    public static CommandLine commandLine() {
        CliErrors errors = new CliErrors();
        return new CommandLine(new LatZeroCli())
                .setExitCodeExceptionMapper(errors)
                .setExecutionExceptionHandler(errors);
    }

    /** The settings for this run: the config file and the MicroProfile Config sources, then {@code --data-dir}. */
    PersistenceConfig settings() {
        PersistenceConfig config = ConfigFiles.read(configFile);
        return dataDir == null ? config : config.toBuilder().dataDir(dataDir).build();
    }

    /**
     * An initialized manager on an existing data directory; refuses to create a database where there is none, so
     * a mistyped {@code --data-dir} does not silently yield an empty one.
     *
     * @throws NotFoundException if the data directory holds no database (and memory mode is off)
     */
    PersistenceManager openExisting() {
        PersistenceConfig config = settings();
        Path database = config.dataDir().resolve(DataDirectory.DATABASE_FILE);
        if (config.durableDatabase() == null && !config.memoryMode() && !Files.exists(database)) {
            throw new NotFoundException("LatZero database", database.toString());
        }
        PersistenceManager persistence = new PersistenceManager(config);
        persistence.initialize();
        return persistence;
    }

    /** Opens the existing data directory, applies {@code call} and prints its result as indented JSON. */
    void printJson(CommandSpec spec, Function<PersistenceManager, ?> call) {
        try (PersistenceManager persistence = openExisting()) {
            spec.commandLine().getOut().println(JsonOutput.pretty(call.apply(persistence)));
        }
    }

    /** Reports the version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LatZeroCli.class.getPackage().getImplementationVersion();
            return new String[] {"latzero-persistence " + (version == null ? "(development build)" : version)};
        }
    }
}
