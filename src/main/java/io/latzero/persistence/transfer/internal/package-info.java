/**
 * Versioned NDJSON export and import of every durable record, between SQLite and PostgreSQL stores.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.transfer.internal;
