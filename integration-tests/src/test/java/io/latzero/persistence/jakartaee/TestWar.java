package io.latzero.persistence.jakartaee;

import io.latzero.persistence.jakartaee.app.RestApplication;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The WAR that the WildFly integration tests deploy, laid out as an application using the library would be:
 * {@code WEB-INF/lib} holds the library jar and its runtime dependencies (listed by the maven-dependency-plugin
 * in {@code target/wildfly-it/war-lib.classpath}), {@code WEB-INF/classes} the classes of the package
 * {@code io.latzero.persistence.jakartaee.app} and a {@code META-INF/microprofile-config.properties} that points
 * the library at a data directory of the test, and {@code WEB-INF/beans.xml} makes it a bean archive. With
 * {@code withDeploymentStructure}, {@code WEB-INF/jboss-deployment-structure.xml} is the descriptor documented in
 * {@code docs/jakarta-ee.md}, read from there so that the document and the test cannot drift apart.
 */
final class TestWar {
    static final Path DOC = Path.of("docs/jakarta-ee.md");
    private static final Pattern DESCRIPTOR = Pattern.compile(
            "```xml\\n(<\\?xml[^`]*<jboss-deployment-structure[^`]*</jboss-deployment-structure>\\n)```");
    /** The library's optional dependencies (JUnit fixture, CLI) and logging backends: never in an application. */
    private static final Pattern NOT_IN_A_WAR =
            Pattern.compile("^(junit-|opentest4j|picocli|slf4j-(jdk14|simple)|logback)");
    private static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/beans_4_0.xsd"
                   version="4.0" bean-discovery-mode="annotated">
            </beans>
            """;

    private TestWar() {
    }

    /** Writes the WAR to {@code war}, configured to keep its database in {@code dataDir}. */
    static void write(Path war, Path dataDir, boolean withDeploymentStructure) throws IOException {
        Path libraryJar = Path.of(requiredProperty("latzero.wildfly-it.library-jar"));
        Path classpath = Path.of(requiredProperty("latzero.wildfly-it.dir"), "war-lib.classpath");
        List<Path> libs = Stream.concat(Stream.of(libraryJar),
                Stream.of(Files.readString(classpath).strip().split(File.pathSeparator)).map(Path::of)).toList();
        libs.stream().filter(lib -> NOT_IN_A_WAR.matcher(lib.getFileName().toString()).find()).findAny()
                .ifPresent(lib -> {
                    throw new AssertionError(lib + " (listed in " + classpath + ") does not belong in the WAR");
                });
        Files.createDirectories(war.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            put(zip, "WEB-INF/beans.xml", BEANS_XML);
            put(zip, "WEB-INF/classes/META-INF/microprofile-config.properties",
                    "latzero.persistence.data-dir=" + dataDir.toAbsolutePath() + "\n"
                            + "latzero.persistence.backup-interval=0\n");
            if (withDeploymentStructure) {
                put(zip, "WEB-INF/jboss-deployment-structure.xml", documentedDeploymentStructure());
            }
            Path classes = testClasses();
            Path appPackage = classes.resolve(RestApplication.class.getPackageName().replace('.', '/'));
            try (Stream<Path> appClasses = Files.list(appPackage)) {
                for (Path file : (Iterable<Path>) appClasses.sorted()::iterator) {
                    put(zip, "WEB-INF/classes/" + classes.relativize(file), file);
                }
            }
            for (Path lib : libs) {
                put(zip, "WEB-INF/lib/" + lib.getFileName(), lib);
            }
        }
    }

    /** The {@code jboss-deployment-structure.xml} shown in {@code docs/jakarta-ee.md}. */
    static String documentedDeploymentStructure() throws IOException {
        Matcher matcher = DESCRIPTOR.matcher(Files.readString(DOC));
        if (!matcher.find()) {
            throw new AssertionError(DOC + " shows no jboss-deployment-structure.xml in an xml code block");
        }
        return matcher.group(1);
    }

    static String requiredProperty(String name) {
        return Optional.ofNullable(System.getProperty(name)).orElseThrow(() -> new IllegalStateException(
                "system property " + name + " is not set: run the test through mvn verify (failsafe sets it)"));
    }

    private static Path testClasses() {
        try {
            return Path.of(RestApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static void put(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
    }
}
