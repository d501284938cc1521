package io.latzero.persistence.testing;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One manager on a fresh data directory for all tests of a class (opening one costs a Hibernate boot); tests keep
 * apart by using {@link TestManagers#unique} ids. Register it as a static field:
 * {@code @RegisterExtension static final SharedManager shared = new SharedManager();}
 */
public final class SharedManager implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<PersistenceConfig.Builder> settings;
    private Path dataDir;
    private PersistenceManager manager;

    public SharedManager() {
        this(UnaryOperator.identity());
    }

    /** A shared manager with settings changed from {@link TestManagers#config}. */
    public SharedManager(UnaryOperator<PersistenceConfig.Builder> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("latzero-" + context.getRequiredTestClass().getSimpleName());
        manager = TestManagers.open(settings.apply(TestManagers.config(dataDir)).build());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            manager.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(SharedManager::delete);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PersistenceManager manager() {
        return manager;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The durable database file. */
    public Path databaseFile() {
        return dataDir.resolve("latzero.db");
    }
}
