/**
 * The durable stores on SQLite (the data directory's file, or memory) and the ephemeral store of trigger records:
 * hardened connections with a statement cache, group commit (savepoints inside one shared transaction), SQLite's
 * error codes, and the WAL syncer that bounds what {@code synchronous=NORMAL} can lose.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.store.sqlite;
