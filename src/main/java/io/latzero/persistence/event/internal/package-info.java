/**
 * The event bus: subscriptions, after-commit delivery in commit order, and the per-transaction buffers that entity
 * lifecycle listeners fill.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.event.internal;
