/**
 * The durable store on a PostgreSQL server shared by several LatZero servers, and its connection pool.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.store.postgres;
