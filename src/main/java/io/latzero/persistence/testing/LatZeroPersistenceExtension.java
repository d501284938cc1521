package io.latzero.persistence.testing;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link LatZeroPersistenceTest}: one in-memory {@link PersistenceManager} per test,
 * injected into parameters and fields of that type, shut down and its temporary directory deleted after the test.
 * It can also be registered directly with {@code @ExtendWith(LatZeroPersistenceExtension.class)}.
 */
public class LatZeroPersistenceExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LatZeroPersistenceExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : managerFields(instance.getClass())) {
                field.setAccessible(true);
                field.set(instance, manager(context));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PersistenceManager.class
                && parameter.getDeclaringExecutable() instanceof Method;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return manager(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Fixture fixture = context.getStore(NAMESPACE).remove(Fixture.class, Fixture.class);
        if (fixture != null) {
            fixture.close();
        }
    }

    private static PersistenceManager manager(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, k -> Fixture.open(context), Fixture.class)
                .persistence();
    }

    private static List<Field> managerFields(Class<?> testClass) {
        return ReflectionSupport.findFields(testClass,
                f -> f.getType() == PersistenceManager.class && !Modifier.isStatic(f.getModifiers())
                        && !Modifier.isFinal(f.getModifiers()),
                HierarchyTraversalMode.TOP_DOWN);
    }

    /** One test's manager and the temporary directory its backups would go to. */
    private record Fixture(PersistenceManager persistence, Path dataDir) {
        static Fixture open(ExtensionContext context) {
            List<Class<?>> entities = AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
                            LatZeroPersistenceTest.class)
                    .map(a -> List.of(a.entityClasses())).orElse(List.of());
            Path dir;
            try {
                dir = Files.createTempDirectory("latzero-test-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary data directory for " + context.getDisplayName(), e);
            }
            PersistenceManager persistence = new PersistenceManager(PersistenceConfig.builder()
                    .dataDir(dir).memoryMode(true).backupInterval(Duration.ZERO).entityClasses(entities).build());
            Fixture fixture = new Fixture(persistence, dir);
            try {
                persistence.initialize();
            } catch (RuntimeException e) {
                fixture.close();
                throw e;
            }
            return fixture;
        }

        void close() {
            persistence.close();
            deleteRecursively(dataDir);
        }

        private static void deleteRecursively(Path dataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the temporary data directory " + dataDir, e);
            }
        }
    }
}
