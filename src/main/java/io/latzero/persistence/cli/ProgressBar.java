package io.latzero.persistence.cli;

import io.latzero.persistence.transfer.TransferProgress;
import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn in place; only on an interactive terminal, so redirected output and
 * logs stay free of carriage returns.
 */
final class ProgressBar implements TransferProgress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;

    private ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar on {@code err} if the process runs on a terminal, otherwise {@link TransferProgress#NONE}. */
    static TransferProgress onTerminal(PrintWriter err, String label) {
        return System.console() == null ? TransferProgress.NONE : new ProgressBar(err, label);
    }

    @Override
    public void update(long done, long total) {
        int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
        int percent = total == 0 ? 100 : (int) (100 * Math.min(done, total) / total);
        err.printf("\r%s [%s%s] %3d%% %,d/%,d records", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                percent, done, total);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
