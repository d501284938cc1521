/**
 * A JUnit 5 fixture for test suites of applications and extensions: annotate a test class with
 * {@link io.latzero.persistence.testing.LatZeroPersistenceTest} and declare a
 * {@link io.latzero.persistence.PersistenceManager} parameter or field. Needs {@code junit-jupiter-api} on the
 * test class path (an optional dependency of this library).
 */
package io.latzero.persistence.testing;
