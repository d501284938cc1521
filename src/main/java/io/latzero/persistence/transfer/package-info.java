/**
 * Portable export and import of every durable record as versioned NDJSON:
 *
 * <pre>{@code
 * TransferSummary written = persistence.exportTo(Path.of("latzero.ndjson"));
 * other.importFrom(Path.of("latzero.ndjson"));   // into an empty store, SQLite or PostgreSQL
 * }</pre>
 */
package io.latzero.persistence.transfer;
