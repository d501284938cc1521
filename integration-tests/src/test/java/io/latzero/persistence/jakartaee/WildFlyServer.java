package io.latzero.persistence.jakartaee;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One WildFly standalone server started from an unpacked distribution for one test class: its own copy of
 * {@code standalone/} under the test's work directory (configuration, deployments, {@code log/server.log}), bound
 * to 127.0.0.1 only, with a port offset that was free when it started, running on the JDK that runs the test.
 * The WAR is in {@code deployments/} before the server starts, so it is deployed once, during boot.
 * {@link #close()} stops it by its own process id and those of its descendants ({@code standalone.sh} forks the
 * server's JVM); a shutdown hook does the same if the test JVM exits first.
 */
final class WildFlyServer implements AutoCloseable {
    private static final int HTTP_PORT = 8080;
    private static final int MANAGEMENT_PORT = 9990;
    /** Every socket binding of standalone-microprofile.xml (ajp, http, https, management http/https, txn). */
    private static final List<Integer> PORTS = List.of(8009, HTTP_PORT, 8443, MANAGEMENT_PORT, 9993, 4712, 4713);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path baseDir;
    private final Path consoleLog;
    private final int portOffset;
    private final Process process;
    private final Thread killOnExit;
    private final Instant started = Instant.now();

    private WildFlyServer(Path baseDir, Path consoleLog, int portOffset, Process process) {
        this.baseDir = baseDir;
        this.consoleLog = consoleLog;
        this.portOffset = portOffset;
        this.process = process;
        this.killOnExit = new Thread(() -> processTree().forEach(ProcessHandle::destroyForcibly), "kill-wildfly");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts the server at {@code home} with {@code war} to deploy; {@code workDir} (emptied first) receives its
     * {@code standalone/} directory and its console output.
     */
    static WildFlyServer start(Path home, Path workDir, Path war) throws IOException {
        Path script = home.resolve("bin/standalone.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no WildFly at " + home + ": the maven-dependency-plugin unpacks it from"
                    + " Maven Central in pre-integration-test (run the test through mvn verify)");
        }
        Path baseDir = workDir.resolve("standalone");
        deleteRecursively(baseDir);
        copyRecursively(home.resolve("standalone"), baseDir);
        Files.copy(war, baseDir.resolve("deployments").resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path consoleLog = workDir.resolve("console.log");
        int portOffset = freePortOffset();

        ProcessBuilder builder = new ProcessBuilder(script.toString(),
                "-c", "standalone-microprofile.xml",
                "-b", "127.0.0.1",
                "-bmanagement", "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.server.base.dir=" + baseDir)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(consoleLog.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JAVA");
        env.remove("JAVA_OPTS");
        env.remove("JBOSS_HOME");
        env.remove("LAUNCH_JBOSS_IN_BACKGROUND");
        System.out.printf("Starting %s (port offset %d, logs in %s)%n",
                home.getFileName(), portOffset, baseDir.resolve("log"));
        return new WildFlyServer(baseDir, consoleLog, portOffset, builder.start());
    }

    /**
     * Waits until the scanner has deployed {@code warName} (its {@code .deployed} marker) and the application
     * answers at {@code probe}; fails with the deployment's failure description if it failed, or if the server
     * exited or took longer than {@link #DEPLOY_TIMEOUT}.
     */
    void awaitDeployment(String warName, URI probe) throws IOException, InterruptedException {
        Path deployments = baseDir.resolve("deployments");
        Instant deadline = Instant.now().plus(DEPLOY_TIMEOUT);
        while (!Files.exists(deployments.resolve(warName + ".deployed"))) {
            Path failed = deployments.resolve(warName + ".failed");
            if (Files.exists(failed)) {
                throw new AssertionError(warName + " failed to deploy: " + Files.readString(failed));
            }
            if (!process.isAlive()) {
                throw new AssertionError("WildFly exited with code " + process.exitValue() + " before " + warName
                        + " was deployed");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(warName + " not deployed within " + DEPLOY_TIMEOUT);
            }
            Thread.sleep(250);
        }
        Http.awaitStatus(probe, 200, deadline);
        System.out.printf("%s deployed %d s after the start%n", warName,
                Duration.between(started, Instant.now()).toSeconds());
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + (HTTP_PORT + portOffset) + path);
    }

    URI management(String path) {
        return URI.create("http://127.0.0.1:" + (MANAGEMENT_PORT + portOffset) + path);
    }

    /** The last {@code lines} lines of {@code server.log} (of the console output while there is none). */
    String logTail(int lines) {
        Path log = baseDir.resolve("log/server.log");
        Path shown = Files.exists(log) ? log : consoleLog;
        try {
            List<String> all = Files.readAllLines(shown, StandardCharsets.UTF_8);
            return "---- last " + lines + " lines of " + shown + " ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + shown + ": " + e + ")";
        }
    }

    /** Stops the server: SIGTERM to its JVM and the script, then SIGKILL to whatever is left after a minute. */
    @Override
    public void close() {
        List<ProcessHandle> tree = processTree();
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("WildFly (pid " + process.pid() + ") is still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException exiting) {
                // The JVM is already shutting down: the hook runs anyway.
            }
        }
        if (tree.stream().anyMatch(ProcessHandle::isAlive)) {
            throw new IllegalStateException("WildFly processes still running: " + tree);
        }
    }

    /** The server's JVM and any other descendant first, the script last. */
    private List<ProcessHandle> processTree() {
        return Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    }

    private static int freePortOffset() {
        // Offsets below 22000 keep every port under Linux's ephemeral range (32768 and up).
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(100, 22000);
            if (PORTS.stream().allMatch(port -> isFree(port + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset found on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
