/**
 * Transactions: the runner and its units of work, savepoints for nested transactions, group commit on SQLite, the
 * commit sequence that keeps caches coherent, and the translation of failures into the library's exceptions.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.tx;
