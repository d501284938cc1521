/**
 * Trigger records on the in-memory unit: the JPA entity and the repository.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.trigger.internal;
