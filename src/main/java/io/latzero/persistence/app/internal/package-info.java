/**
 * App registrations: the JPA entity, its pool-membership index, the repository, and the in-process cache of
 * committed apps.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.app.internal;
