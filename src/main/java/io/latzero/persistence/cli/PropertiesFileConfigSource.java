package io.latzero.persistence.cli;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The {@code --config} file as a MicroProfile {@link ConfigSource}. Written against the MP API rather than
 * SmallRye's {@code PropertiesConfigSource} so that the library keeps SmallRye at runtime scope only.
 * Its ordinal (250) ranks it above {@code META-INF/microprofile-config.properties} (100) and below environment
 * variables (300) and system properties (400), as a configuration file usually is.
 */
final class PropertiesFileConfigSource implements ConfigSource {
    static final int ORDINAL = 250;

    private final String name;
    private final Map<String, String> properties;

    PropertiesFileConfigSource(String name, Map<String, String> properties) {
        this.name = name;
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
