package io.latzero.persistence.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives every test of the annotated JUnit 5 class a fresh, initialized, in-memory
 * {@link io.latzero.persistence.PersistenceManager}, closed after the test. Declare a parameter of that type on the
 * test method or on a {@code @BeforeEach}/{@code @AfterEach} method, or a non-static field of that type; within one
 * test they all get the same manager.
 *
 * <pre>{@code
 * @LatZeroPersistenceTest
 * class RegistrationTest {
 *     @Test
 *     void registersAnApp(PersistenceManager persistence) {
 *         persistence.registerApp("my-app", List.of(), List.of(), Map.of());
 *         assertThat(persistence.getApp("my-app")).isPresent();
 *     }
 * }
 * }</pre>
 *
 * The durable tables live in memory; the manager's data directory is a temporary one, deleted after the test, so
 * nothing reaches {@code ~/.latzero}, not even a backup the test takes. Background backups are off.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LatZeroPersistenceExtension.class)
public @interface LatZeroPersistenceTest {
    /** Entity classes of a JPA extension to add to the durable persistence unit, as in production. */
    Class<?>[] entityClasses() default {};
}
