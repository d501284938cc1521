package io.latzero.persistence.cli;

import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.change.ChangeWatch;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Prints every change of apps, pools, memory blocks and server config as one JSON line",
                "({\"revision\", \"origin\", \"local\", \"committedAt\", \"type\", \"event\"}), in revision order, then",
                "follows live changes (of every server and tool writing the database) until interrupted.",
                "To resume after a stop, pass the last revision printed as --from."})
final class WatchCommand implements Runnable {
    @ParentCommand
    LatZeroCli root;
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "R",
            description = "Print the changes after revision R first (0 = all history held); default: only new ones.")
    Long from;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N changes; default: never.")
    Long limit;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        try (PersistenceManager persistence = root.openExisting()) {
            long start = from != null ? from : persistence.changes().currentRevision();
            try (ChangeWatch watch = persistence.changes().watch(start, received::add, received::add)) {
                for (long printed = 0; limit == null || printed < limit; printed++) {
                    Object next = received.take();
                    if (next instanceof LatZeroPersistenceException failure) {
                        throw failure;
                    }
                    out.println(JsonOutput.compact(line((Change) next)));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> line(Change change) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("revision", change.revision());
        line.put("origin", change.origin());
        line.put("local", change.local());
        line.put("committedAt", change.committedAt());
        line.put("type", change.event().getClass().getSimpleName());
        line.put("event", change.event());
        return line;
    }
}
