package io.latzero.persistence.config.internal;

import io.latzero.persistence.InvalidInputException;
import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.Synchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads {@code latzero.persistence.*} by explicit key through the standard MicroProfile Config API, so the
 * mapping is the same under SmallRye (Java SE) and under a runtime's own implementation (Helidon).
 */
public final class MicroProfileConfigReader {
    public static final String PREFIX = "latzero.persistence.";

    private MicroProfileConfigReader() {
    }

    public static PersistenceConfig read() {
        return read(ConfigProvider.getConfig());
    }

    public static PersistenceConfig read(Config config) {
        PersistenceConfig.Builder b = PersistenceConfig.builder();
        value(config, "data-dir", Path::of).ifPresent(p -> b.dataDir(expandHome(p)));
        value(config, "memory-mode", MicroProfileConfigReader::bool).ifPresent(b::memoryMode);
        value(config, "wal-mode", MicroProfileConfigReader::bool).ifPresent(b::walMode);
        value(config, "cache-size", Integer::valueOf).ifPresent(b::cacheSize);
        value(config, "backup-interval", MicroProfileConfigReader::duration).ifPresent(b::backupInterval);
        value(config, "max-backups", Integer::valueOf).ifPresent(b::maxBackups);
        value(config, "synchronous", s -> Synchronous.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                .ifPresent(b::synchronous);
        value(config, "durability-window", MicroProfileConfigReader::duration).ifPresent(b::durabilityWindow);
        value(config, "busy-timeout", MicroProfileConfigReader::duration).ifPresent(b::busyTimeout);
        value(config, "trigger-purge-interval", MicroProfileConfigReader::duration).ifPresent(b::triggerPurgeInterval);
        value(config, "entity-classes", MicroProfileConfigReader::classes).ifPresent(b::entityClasses);
        value(config, "durable.url", String::trim).ifPresent(b::durableUrl);
        value(config, "durable.user", String::trim).ifPresent(b::durableUser);
        value(config, "durable.password", s -> s).ifPresent(b::durablePassword);
        value(config, "durable.pool-size", Integer::valueOf).ifPresent(b::durablePoolSize);
        value(config, "change-log.retention", MicroProfileConfigReader::duration).ifPresent(b::changeLogRetention);
        value(config, "change-log.max-changes", Long::valueOf).ifPresent(b::changeLogMaxChanges);
        value(config, "change-log.origin", String::trim).ifPresent(b::changeLogOrigin);
        try {
            return b.build();
        } catch (InvalidInputException e) {
            // The builder names the setting (maxBackups); a configuration user needs the key (max-backups).
            throw new InvalidInputException(PREFIX + e.field().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT),
                    e.getMessage().substring(e.field().length() + 2));
        }
    }

    private static <T> Optional<T> value(Config config, String key, Function<String, T> parse) {
        Optional<String> raw = config.getOptionalValue(PREFIX + key, String.class);
        try {
            return raw.filter(s -> !s.isBlank()).map(parse);
        } catch (RuntimeException e) {
            throw new InvalidInputException(PREFIX + key, "cannot use '" + raw.orElse("") + "': " + e.getMessage());
        }
    }

    private static Path expandHome(Path p) {
        String s = p.toString();
        if (s.equals("~") || s.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + s.substring(1));
        }
        return p;
    }

    private static boolean bool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** ISO-8601 ({@code PT1H}), a number with a unit ({@code 500ms}, {@code 30s}, {@code 1h}, {@code 7d}) or plain milliseconds. */
    static Duration duration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofMillis(Long.parseLong(v));
            }
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException("unknown unit");
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("expected a duration such as PT1H, 30s, 500ms or milliseconds");
        }
    }

    private static List<Class<?>> classes(String s) {
        List<Class<?>> result = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : s.split(",")) {
            if (!name.isBlank()) {
                try {
                    result.add(Class.forName(name.trim(), false, loader));
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("class not found: " + name.trim());
                }
            }
        }
        return result;
    }
}
