/**
 * Backups of the durable store: the backups directory (checksums, pruning, restore paths) and the backup service
 * that takes, verifies and restores them through the store.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.backup.internal;
