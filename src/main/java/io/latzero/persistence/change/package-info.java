/**
 * The change feed: every committed change of durable state (apps, pools, memory blocks, server config) has a
 * revision in one total order, kept in a log in the database, whoever wrote it. Resume after a restart from the last
 * revision seen:
 *
 * <pre>{@code
 * try (ChangeWatch watch = persistence.watch(lastSeen, change -> {
 *         apply(change.event());
 *         lastSeen = change.revision();
 *     }, failure -> reloadAndResume())) {
 *     ...
 * }
 * }</pre>
 *
 * See {@code docs/change-feed.md} for the guarantees and what compaction means.
 */
package io.latzero.persistence.change;
