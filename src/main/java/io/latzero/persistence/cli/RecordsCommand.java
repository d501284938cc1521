package io.latzero.persistence.cli;

import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.PersistenceManager;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The {@code list} and {@code show ID} subcommands shared by {@code apps}, {@code pools} and {@code blocks}. */
abstract class RecordsCommand<T> {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;

    /** The kind of record, as {@link NotFoundException} names it: {@code "app"}. */
    abstract String kind();

    abstract List<T> all(PersistenceManager persistence);

    abstract Optional<T> find(PersistenceManager persistence, String id);

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints every record as a JSON array.")
    public void list() {
        root.printJson(spec, this::all);
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints one record as JSON; exit code 3 if there is none with that id.")
    public void show(@Parameters(paramLabel = "ID", description = "The record's id.") String id) {
        root.printJson(spec, persistence -> find(persistence, id).orElseThrow(() -> new NotFoundException(kind(), id)));
    }
}
