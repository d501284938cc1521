package io.latzero.persistence.internal.jpa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The versioned SQL migrations of a Flyway location as found on the class path, read without Flyway: what lets a
 * start skip Flyway when the schema history already records every one of them with the same checksum (see
 * {@link Migrations#migrateUnlessCurrent}), and lets a new in-memory database be created by running them. Only the
 * plain case is read: a location of {@code V<version>__<description>.sql} files, in directories or jars, with no
 * placeholder. Anything else (another file, a repeatable or undo migration, a class path entry of another kind)
 * makes {@link #scan} return null, and the caller then leaves everything to Flyway.
 */
public final class MigrationScripts {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

    /** One migration: its version as Flyway writes it, the script's file name, description, checksum and text. */
    public record Script(String version, String fileName, String description, int checksum, String sql) {
    }

    private MigrationScripts() {
    }

    /**
     * The migrations at {@code location} ({@code classpath:...}) in version order, as Flyway would resolve them with
     * the thread's context class loader, or null if the location holds anything but plain versioned SQL scripts,
     * cannot be listed, or is empty.
     */
    public static List<Script> scan(String location) {
        if (!location.startsWith("classpath:")) {
            return null;
        }
        String path = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = MigrationScripts.class.getClassLoader();
        }
        try {
            TreeMap<String, Script> scripts = new TreeMap<>(MigrationScripts::compareVersions);
            Enumeration<URL> roots = loader.getResources(path);
            while (roots.hasMoreElements()) {
                List<Resource> found = list(roots.nextElement(), path);
                if (found == null) {
                    return null;
                }
                for (Resource resource : found) {
                    Matcher m = VERSIONED.matcher(resource.name());
                    if (!m.matches()) {
                        return null;
                    }
                    String sql = resource.text();
                    if (sql.contains("${")) {
                        return null; // Flyway would replace placeholders
                    }
                    String version = m.group(1).replace('_', '.');
                    Script script = new Script(version, resource.name(), m.group(2).replace('_', ' '),
                            checksum(sql), sql);
                    if (scripts.put(version, script) != null) {
                        return null; // the same version twice: Flyway refuses it
                    }
                }
            }
            return scripts.isEmpty() ? null : List.copyOf(scripts.values());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Compares versions such as {@code 2} and {@code 2.1} as Flyway does: part by part, numerically; 1.0 equals 1. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            java.math.BigInteger p = i < x.length ? new java.math.BigInteger(x[i]) : java.math.BigInteger.ZERO;
            java.math.BigInteger q = i < y.length ? new java.math.BigInteger(y[i]) : java.math.BigInteger.ZERO;
            int c = p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The newest of {@code scripts}' versions. */
    public static String newestVersion(List<Script> scripts) {
        return scripts.get(scripts.size() - 1).version();
    }

    /**
     * Flyway's checksum of a script: CRC32 over the UTF-8 bytes of each line without its line ending (and without a
     * byte-order mark), so the same text with other line endings has the same checksum.
     */
    static int checksum(String sql) {
        CRC32 crc = new CRC32();
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(sql))) {
            String line;
            boolean first = true;
            while ((line = reader.readLine()) != null) {
                if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    private record Resource(String name, URL url) {
        String text() throws IOException {
            URLConnection connection = url.openConnection();
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Every file under {@code root} (recursively), or null for a kind of class path entry not read here. */
    private static List<Resource> list(URL root, String path) throws IOException, URISyntaxException {
        List<Resource> found = new ArrayList<>();
        switch (root.getProtocol()) {
            case "file" -> {
                Path dir = Path.of(root.toURI());
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                        found.add(new Resource(file.getFileName().toString(), file.toUri().toURL()));
                    }
                }
            }
            case "jar" -> {
                URLConnection connection = root.openConnection();
                if (!(connection instanceof JarURLConnection jarConnection)) {
                    return null;
                }
                JarFile jar = jarConnection.getJarFile();
                String prefix = path + "/";
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                        String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                        found.add(new Resource(name, new URL("jar:" + jarConnection.getJarFileURL() + "!/"
                                + entry.getName())));
                    }
                }
            }
            default -> {
                return null;
            }
        }
        return found;
    }
}
