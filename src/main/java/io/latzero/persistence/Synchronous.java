package io.latzero.persistence;

/** How hard SQLite syncs a commit to disk ({@code PRAGMA synchronous}). */
public enum Synchronous {
    /** Every commit is fsynced: it survives a process crash and a power loss. The default. */
    FULL,
    /**
     * In WAL mode, commits survive a process crash but the last ones may roll back after a power loss or OS
     * crash; the database never corrupts. About three times the single-commit throughput of {@link #FULL}.
     */
    NORMAL
}
