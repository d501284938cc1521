/**
 * The change log behind {@link io.latzero.persistence.change.ChangeFeed}: per-backend SQL, revision stamping of this
 * manager's transactions, decoding of log rows and the delivery thread.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.change.internal;
