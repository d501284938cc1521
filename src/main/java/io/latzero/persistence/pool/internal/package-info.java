/**
 * Pool metadata: the JPA entity, its converters and lifecycle listener, and the repository.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.pool.internal;
