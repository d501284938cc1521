/**
 * The data directory (its lock and database file) and the file operations that keep it safe: owner-only modes,
 * fsync, atomic writes.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.files;
