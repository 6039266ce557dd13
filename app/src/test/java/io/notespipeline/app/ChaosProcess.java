package io.notespipeline.app;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the chaos suite: the packaged {@code notes.jar} run as a user runs it ({@code notes up},
 * {@code notes streams}, ...), or a Kafka broker from the same jar. Its stdout is collected line by line, its
 * stderr (the logs) goes to a file beside the test's data, so a failed run can be read afterwards.
 * {@link #kill()} is {@code kill -9}: no shutdown hook runs, nothing is flushed.
 */
final class ChaosProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "notes.jar");

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final long startedNanos = System.nanoTime();

    private final Path log;

    private ChaosProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | java.io.UncheckedIOException e) { // lines() wraps it: the stream closed on stop
                lines.add("<stdout closed: " + e + ">");
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -jar notes.jar args...} with {@code env} added to this JVM's environment. */
    static ChaosProcess notes(String name, Path logDir, Map<String, String> env, String heap, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return start(name, logDir, env, command);
    }

    /** Starts a Kafka node ({@code kafka.Kafka}, from notes.jar) with the given server.properties. */
    static ChaosProcess kafka(String name, Path logDir, Path serverProperties) {
        return start(name, logDir, Map.of(), List.of(java(), "-Xmx384m", "-XX:+UseSerialGC", "-cp", JAR.toString(),
                "kafka.Kafka", serverProperties.toString()));
    }

    private static ChaosProcess start(String name, Path logDir, Map<String, String> env, List<String> command) {
        try {
            Files.createDirectories(logDir);
            Path err = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            // a test JVM that ends without closing it (killed, timed out) takes its children with it
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, name + "-reaper"));
            p.getOutputStream().close();
            return new ChaosProcess(name, p, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until a line of stdout contains {@code text}; fails with the output so far if the process ends first. */
    ChaosProcess awaitLine(String text, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (lines.stream().anyMatch(l -> l.contains(text))) {
                return true;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited " + process.exitValue() + " before '" + text + "': " + lines);
            }
            return false;
        });
        return this;
    }

    /** @return whether the process's log (its stderr) holds a line containing {@code text} */
    boolean logged(String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** @return seconds since this process was started */
    double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    List<String> output() {
        return lines;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        waitGone();
    }

    /** SIGTERM, and waits until the process is gone (killed if it outlives 30 s). */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitGone() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** @return where a scenario's process logs go: under target/, kept after the run for reading */
    static Path logDir(String scenario) {
        return Path.of("target", "chaos-logs", scenario + "-" + System.currentTimeMillis());
    }

    /** @return a port free on 127.0.0.1 now (kept across restarts of the process that takes it) */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
