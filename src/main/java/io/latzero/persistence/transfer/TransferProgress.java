package io.latzero.persistence.transfer;

/** Told how far an export or import has got; called on the working thread, every few thousand records and at the end. */
@FunctionalInterface
public interface TransferProgress {
    /** Does nothing. */
    TransferProgress NONE = (done, total) -> { };

    /**
     * @param done  records written or read so far
     * @param total records the export holds in all
     */
    void update(long done, long total);
}
