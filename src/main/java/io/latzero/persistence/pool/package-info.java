/**
 * Pool metadata: {@link io.latzero.persistence.pool.Pool}, its type and its update:
 *
 * <pre>{@code
 * persistence.createPool("data-pool", PoolType.LOCAL, false, Map.of("description", "Pool for data"));
 * }</pre>
 */
package io.latzero.persistence.pool;
