/**
 * JSON values as the tables store them: the shared mapper, the check that a caller's value reads back exactly, the
 * attribute converters, and input validation.
 *
 * <p>Not API: may change in any release without notice.
 */
package io.latzero.persistence.internal.json;
