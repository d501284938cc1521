package io.latzero.persistence.cli;

import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.regex.Pattern;

/** How to start this tool again from a shell, for hints that should be pasted as they are. */
final class LaunchCommand {
    /** Where {@code mvn package} puts the tool, relative to the project directory (see the README). */
    static final String DOCUMENTED_JAR = "target/latzero-persistence-0.1.0-SNAPSHOT-cli.jar";
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+-]+");

    private LaunchCommand() {
    }

    /** {@code java -jar} and the jar this tool runs from, or the documented jar when it does not run from one. */
    static String current() {
        return forCodeSource(codeSource(), Path.of("").toAbsolutePath());
    }

    /**
     * {@code java -jar} and {@code codeSource} when it is a jar file, shown relative to {@code workingDir} when it
     * lies inside it; otherwise (classes in a directory, as in a build or an IDE) the documented jar.
     */
    static String forCodeSource(Path codeSource, Path workingDir) {
        if (codeSource == null || !Files.isRegularFile(codeSource) || !codeSource.toString().endsWith(".jar")) {
            return "java -jar " + DOCUMENTED_JAR;
        }
        Path shown = codeSource.startsWith(workingDir) ? workingDir.relativize(codeSource) : codeSource;
        return "java -jar " + shellWord(shown.toString());
    }

    /** {@code text} as one shell word: unchanged when it holds only plain characters, else single-quoted. */
    static String shellWord(String text) {
        return PLAIN_WORD.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    private static Path codeSource() {
        try {
            CodeSource source = LatZeroCli.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException | SecurityException e) {
            return null;
        }
    }
}
