/**
 * A persistence unit: its Hibernate boot (started early, finished on the migrated pool), its Flyway migrations, and
 * the open {@code Database}.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.jpa;
