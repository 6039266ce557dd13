package io.notespipeline.bench.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.notespipeline.bench.BenchException;
import io.notespipeline.bench.BenchRow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row #9: resident memory (Linux {@code VmRSS}) of a real {@code notes up} process, started from the
 * runnable jar as the {@code ./notes} launcher starts it (its JVM options file and {@code MALLOC_ARENA_MAX}) on
 * free ports and a fresh data folder: idle (after the pipeline
 * is up and has settled) and at its peak under the REST ingest load of row #2 (when its producer API
 * answers). The jar is {@code app/target/notes.jar} found from the working directory upwards (the harness
 * runs from its own notes-bench.jar, whose build builds notes.jar too), or the harness's jar if it is notes.jar.
 */
public final class MemoryBench {

    private static final Logger log = LoggerFactory.getLogger(MemoryBench.class);
    private static final String FIGURE = "RSS of notes up, idle (under load #2 in notes)";
    private static final String TARGET = "idle ≤ 512 MB";
    /** As the {@code ./notes} launcher sets it. */
    private static final String MALLOC_ARENA_MAX = "2";

    private MemoryBench() {
    }

    /**
     * @param dataDir  a fresh folder for the process's data
     * @param workload gives the ingest bodies
     * @param settle   how long the process idles before the idle figure
     * @param load     how long the ingest load runs
     */
    public static BenchRow row(Path dataDir, Workload workload, Duration settle, Duration load) {
        Optional<Path> jar = notesJar();
        if (jar.isEmpty()) {
            return BenchRow.notMeasured("9", FIGURE, "—", TARGET, "no notes.jar: build it with ./notes or "
                    + "mvn -pl app -am package, then run the harness from the repository");
        }
        Process process = null;
        try {
            int http = freePort();
            Files.createDirectories(dataDir);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Optional<Path> options = launcherOptions(jar.get());
            List<String> command = new ArrayList<>(List.of(java));
            options.ifPresent(o -> command.add("@" + o));
            command.addAll(List.of("-jar", jar.get().toString(), "up", "--data-dir",
                    dataDir.toString(), "--kafka-port", "0", "--http-port", String.valueOf(http), "--registry-port",
                    String.valueOf(freePort()), "--no-auth"));
            ProcessBuilder builder = new ProcessBuilder(command);
            options.ifPresent(o -> builder.environment().put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX));
            process = builder.redirectErrorStream(true).redirectOutput(dataDir.resolve("notes-up.log").toFile()).start();
            String base = "http://127.0.0.1:" + http;
            awaitHealthy(process, base);
            ViewsBench.sleep(settle.toMillis());
            double idle = maxRss(process, 5, 500);
            String underLoad = underLoad(process, base, workload, load);
            return new BenchRow("9", FIGURE, idle, "MiB", "—", null, null, TARGET, idle <= 512,
                    String.format(Locale.ROOT, "%s, idle %d s after /health; under load: %s", options
                            .map(o -> "as ./notes up starts it: MALLOC_ARENA_MAX=" + MALLOC_ARENA_MAX + " java @"
                                    + o.getFileName() + " (" + String.join(" ", flags(o)) + ") -jar notes.jar up")
                            .orElse("java -jar notes.jar up (default JVM flags: no launcher options found)"),
                            settle.toSeconds(), underLoad));
        } catch (IOException | RuntimeException e) {
            log.error("Memory figure failed", e);
            return BenchRow.notMeasured("9", FIGURE, "—", TARGET, "failed: " + e);
        } finally {
            stop(process);
        }
    }

    private static String underLoad(Process process, String base, Workload workload, Duration load) {
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> probe = http.send(HttpBench.post(base + "/v1/talks/rss-probe/events",
                    HttpBench.batchBody(workload, 0, 1)), HttpResponse.BodyHandlers.ofString());
            if (probe.statusCode() != 201) {
                return "not measured (POST /v1/talks/{id}/events answered " + probe.statusCode()
                        + ": no producer API in this notes up)";
            }
        } catch (IOException e) {
            return "not measured (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Double> peak = new AtomicReference<>(0.0);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                Machine.rssMiB(process.pid()).ifPresent(v -> peak.accumulateAndGet(v, Math::max));
                ViewsBench.sleep(250);
            }
        }, "bench-rss-sampler");
        sampler.start();
        HttpLoad.Outcome outcome = HttpLoad.run(HttpBench.CLIENTS_DEFAULT, Duration.ZERO, load, 201,
                i -> HttpBench.post(base + "/v1/talks/rss-" + (i / 1_000_000) + "/events",
                        HttpBench.batchBody(workload, i, HttpBench.BATCH)));
        running.set(false);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.format(Locale.ROOT, "peak %.0f MiB during %d s of %d clients × batches of %d (%,.0f events/s, "
                + "%d errors)", peak.get(), load.toSeconds(), HttpBench.CLIENTS_DEFAULT, HttpBench.BATCH,
                outcome.perSecond() * HttpBench.BATCH, outcome.errors());
    }

    private static double maxRss(Process process, int samples, long everyMs) {
        double max = 0;
        for (int i = 0; i < samples; i++) {
            max = Math.max(max, Machine.rssMiB(process.pid())
                    .orElseThrow(() -> new BenchException("cannot read /proc/" + process.pid() + "/status")));
            ViewsBench.sleep(everyMs);
        }
        return max;
    }

    private static void awaitHealthy(Process process, String base) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BenchException("notes up exited with " + process.exitValue() + " (see notes-up.log)");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                log.debug("notes up not answering yet", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted", e);
            }
            ViewsBench.sleep(500);
        }
        throw new BenchException("notes up did not answer /health within 180 s");
    }

    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return the JVM options file of the {@code ./notes} launcher beside the jar's module
     *         ({@code app/src/main/jvm/jvm.options} for {@code app/target/notes.jar}), when there is one
     */
    static Optional<Path> launcherOptions(Path jar) {
        Path module = jar.toAbsolutePath().getParent().getParent();
        Path options = module == null ? null : module.resolve("src/main/jvm/jvm.options");
        return options != null && Files.isRegularFile(options) ? Optional.of(options) : Optional.empty();
    }

    private static List<String> flags(Path options) {
        try {
            return Files.readAllLines(options).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            return List.of("unreadable: " + e);
        }
    }

    /** @return the jar the harness runs from when it is the notes jar, else {@code app/target/notes.jar} above. */
    static Optional<Path> notesJar() {
        try {
            Path self = Path.of(MemoryBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (self.getFileName().toString().equals("notes.jar")) {
                return Optional.of(self);
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            log.debug("Cannot tell where the harness runs from", e);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("app/target/notes.jar");
            if (Files.isRegularFile(jar)) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
