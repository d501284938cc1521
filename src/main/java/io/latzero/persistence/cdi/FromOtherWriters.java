package io.latzero.persistence.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the {@link io.latzero.persistence.change.Change} CDI events fired for changes committed by other writers
 * of the database (other LatZero servers sharing a PostgreSQL database, the CLI, external tools), from the moment the
 * container started; this server's own commits come as the usual events ({@code AppRegistered}, ...). Observed on the
 * manager's change feed thread, in revision order:
 *
 * <pre>{@code
 * void onOtherServer(@Observes @FromOtherWriters Change change) {
 *     log.info(change.origin() + " -> " + change.event());
 * }
 * }</pre>
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface FromOtherWriters {
    /** The qualifier as a value, for {@code Event.select(...)}. */
    final class Literal extends AnnotationLiteral<FromOtherWriters> implements FromOtherWriters {
        public static final Literal INSTANCE = new Literal();
        private static final long serialVersionUID = 1L;
    }
}
