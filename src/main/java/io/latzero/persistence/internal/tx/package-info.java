/**
 * Transactions: the runner and its units of work, savepoints for nested transactions, the commit strategy a store
 * supplies (plain here; group commit lives with the SQLite stores), the commit sequence that keeps caches coherent,
 * and the translation of failures into the library's exceptions (what error codes mean is the stores' to say).
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.tx;
