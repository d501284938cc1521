package io.latzero.persistence;

/**
 * How hard SQLite syncs a commit to disk ({@code PRAGMA synchronous}). At either level a process crash loses no
 * commit that returned: its pages are in the operating system's cache. What a power loss or OS crash can take differs.
 */
public enum Synchronous {
    /** Every commit is fsynced before it returns: a power loss or OS crash loses nothing. The default. */
    FULL,
    /**
     * In WAL mode SQLite syncs nothing at commit, only at checkpoints. With {@link PersistenceConfig#durabilityWindow()}
     * (200 ms by default) a background thread syncs the WAL, so a power loss or OS crash loses at most the commits of
     * the last window; with a window of 0 it loses everything since the last checkpoint, which under a low write rate
     * can be hours. The database is never damaged either way. Faster than {@link #FULL} when commits are frequent and
     * the disk's fsync is slow (docs/durability.md). With a rollback journal ({@code walMode=false}) SQLite syncs at
     * every commit at this level too.
     */
    NORMAL
}
