/**
 * Backups of the durable store: the backups directory (checksums, pruning, restore paths), the verification of
 * SQLite database copies, and the backup service that takes and restores them through the store.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.backup.internal;
