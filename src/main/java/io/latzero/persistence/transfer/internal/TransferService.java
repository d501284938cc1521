package io.latzero.persistence.transfer.internal;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.internal.files.FileSafety;
import io.latzero.persistence.internal.store.DurableStore;
import io.latzero.persistence.internal.tx.TransactionRunner;
import io.latzero.persistence.transfer.TransferProgress;
import io.latzero.persistence.transfer.TransferSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Export and import of every durable record as versioned NDJSON, through the store. */
public final class TransferService {
    private final DurableStore store;
    private final TransactionRunner tx;
    private final Runnable afterImport;

    /** @param afterImport run inside the import's exclusive section once it committed (e.g. to drop caches) */
    public TransferService(DurableStore store, TransactionRunner tx, Runnable afterImport) {
        this.store = store;
        this.tx = tx;
        this.afterImport = afterImport;
    }

    /** Checks the arguments of an export before it runs. */
    public static Path exportTarget(Path target, TransferProgress progress) {
        if (target == null || Files.isDirectory(target)) {
            throw new InvalidInputException("target", target + " is not a file path");
        }
        Objects.requireNonNull(progress, "progress");
        return target.toAbsolutePath().normalize();
    }

    /** Checks the arguments of an import before it runs. */
    public static void checkImportSource(Path source, TransferProgress progress) {
        if (source == null || !Files.isRegularFile(source)) {
            throw new InvalidInputException("source", source + " is not a readable file");
        }
        Objects.requireNonNull(progress, "progress");
    }

    /** Writes the export beside {@code target} (0600), syncs it and renames it into place when complete. */
    public TransferSummary export(Path target, TransferProgress progress) {
        TransferSummary written = FileSafety.writeAtomically(target, tmp -> store.export(tmp, progress, tx));
        return new TransferSummary(target, written.records());
    }

    /** Imports into the empty store in one transaction, with every writer of this process excluded. */
    public TransferSummary importFrom(Path source, TransferProgress progress) {
        return tx.exclusively(() -> {
            TransferSummary summary = store.importer().importFrom(source, false, progress);
            store.committed();
            afterImport.run();
            return summary;
        });
    }
}
