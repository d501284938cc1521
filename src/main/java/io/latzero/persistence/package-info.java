/**
 * The LatZero persistence layer. Open a {@link io.latzero.persistence.PersistenceManager} on a data directory,
 * use it, close it:
 *
 * <pre>{@code
 * try (PersistenceManager persistence = new PersistenceManager(PersistenceConfig.builder().dataDir(dir).build())) {
 *     persistence.initialize();
 *     persistence.registerApp("my-app", List.of("process-data"), List.of("data-pool"), Map.of("version", "1.0.0"));
 *     PoolUpdate described = PoolUpdate.builder().description("Pool for data processing").build();
 *     persistence.transaction(() -> persistence.updatePool("data-pool", described));
 * }
 * }</pre>
 *
 * <p>Failures are {@link io.latzero.persistence.LatZeroPersistenceException}s; settings are
 * {@link io.latzero.persistence.PersistenceConfig} (or MicroProfile Config keys {@code latzero.persistence.*}).
 */
package io.latzero.persistence;
