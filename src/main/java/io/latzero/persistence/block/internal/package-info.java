/**
 * Memory-block metadata: the JPA entity, its converters and lifecycle listener, the row record listings select,
 * and the repository.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.block.internal;
