/**
 * Server configuration rows and the MicroProfile Config reader of the {@code latzero.persistence.*} keys.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.config.internal;
