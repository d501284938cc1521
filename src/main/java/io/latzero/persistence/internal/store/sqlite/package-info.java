/**
 * The durable stores on SQLite (the data directory's file, or memory): hardened connections with a statement cache,
 * and the WAL syncer that bounds what {@code synchronous=NORMAL} can lose.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.store.sqlite;
