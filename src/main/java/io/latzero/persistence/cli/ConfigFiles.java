package io.latzero.persistence.cli;

import io.latzero.persistence.NotFoundException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.StorageException;
import io.latzero.persistence.config.internal.MicroProfileConfigReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/** Builds the MicroProfile {@link Config} of a run: the default sources plus an optional properties file. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The settings read from the default sources and, if {@code file} is not null, that properties file. */
    static PersistenceConfig read(Path file) {
        return MicroProfileConfigReader.read(config(file));
    }

    /**
     * A config of the runtime's implementation (SmallRye in Java SE) with its default sources (system properties,
     * environment variables, {@code META-INF/microprofile-config.properties}) and {@code file} when given.
     *
     * @throws NotFoundException if {@code file} does not exist
     * @throws StorageException  if it cannot be read
     */
    static Config config(Path file) {
        var builder = ConfigProviderResolver.instance().getBuilder().addDefaultSources();
        if (file != null) {
            builder.withSources(new PropertiesFileConfigSource(file.toString(), load(file)));
        }
        return builder.build();
    }

    /** The key-value pairs of a {@code .properties} file, read as UTF-8. */
    static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("config file", file.toString());
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("Cannot read the config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }
}
