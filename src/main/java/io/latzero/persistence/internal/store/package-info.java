/**
 * One durable store per backend behind {@code DurableStore}: opening and migration, Hibernate settings, snapshots
 * and restore, commit strategy and durability. Outside the stores no code asks which backend it is on.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.store;
