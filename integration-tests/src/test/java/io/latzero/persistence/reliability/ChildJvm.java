package io.latzero.persistence.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running one of the test's {@code main} classes on the test class path. Its stdout is read line by line
 * (the protocol is {@code READY}, {@code ACK ...}); stderr goes to a file that failures quote.
 */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::pump, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args} in a new JVM. */
    static ChildJvm start(Class<?> main, String... args) {
        return start(List.of(), main, args);
    }

    /** Starts {@code main} through {@code sh -c '<shellPrefix>; exec java ...'} (e.g. {@code umask 000}). */
    static ChildJvm startInShell(String shellPrefix, Class<?> main, String... args) {
        List<String> java = javaCommand(main, args);
        StringBuilder command = new StringBuilder(shellPrefix).append("; exec");
        for (String part : java) {
            command.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        return launch(List.of("sh", "-c", command.toString()));
    }

    private static ChildJvm start(List<String> prefix, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(javaCommand(main, args));
        return launch(command);
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Start fast: these children live for a second or two.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static ChildJvm launch(List<String> command) {
        try {
            Path stderr = Files.createTempFile("latzero-child-", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            return new ChildJvm(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                queue.add(line);
            }
        } catch (IOException ignored) {
            // The child was killed while we read; what was read is kept.
        } finally {
            queue.add(EOF);
        }
    }

    /** Waits for the first line (not yet consumed by an earlier await) that matches; fails with the child's stderr. */
    String await(Predicate<String> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || EOF.equals(line)) {
                    if (line != null) {
                        queue.add(EOF);
                    }
                    throw new AssertionError((line == null ? "timed out" : "child ended") + " waiting for a line; child"
                            + " stdout: " + tail(lines) + "; stderr: " + stderrText());
                }
                if (matches.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String await(String exactLine, Duration timeout) {
        return await(exactLine::equals, timeout);
    }

    /** Every stdout line read so far (after {@link #kill()}: every line the child wrote). */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Sends a line to the child's stdin. */
    void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Lets the child run on for {@code millis} (up to the random moment a test kills it). */
    void runFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGKILL, then waits until the process and its stdout are gone. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** Waits for a normal exit and returns the exit code. */
    int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child did not exit within " + timeout + "; stderr: " + stderrText());
            }
            // Drain stdout so lines() holds everything the child wrote.
            while (!queue.contains(EOF)) {
                Thread.sleep(5);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String stderrText() {
        try {
            String text = Files.readString(stderr, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    private static String tail(List<String> lines) {
        return lines.size() <= 10 ? lines.toString() : "..." + lines.subList(lines.size() - 10, lines.size());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // A temp file; the OS cleans it eventually.
        }
    }
}
