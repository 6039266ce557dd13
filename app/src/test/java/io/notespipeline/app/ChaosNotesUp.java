package io.notespipeline.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One {@code notes up} of the chaos suite, run as a child process on fixed ports so that its clients reach the
 * same addresses after each {@code kill -9} and restart on the same data dir.
 */
final class ChaosNotesUp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dataDir;
    private final Path logDir;
    private final Map<String, String> env;
    private final String[] extra;
    private final int kafkaPort = ChaosProcess.freePort();
    private final int httpPort = ChaosProcess.freePort();
    private final int registryPort = ChaosProcess.freePort();
    private ChaosProcess process;
    private int starts;

    ChaosNotesUp(Path dataDir, Path logDir, Map<String, String> env, String... extra) {
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.env = env;
        this.extra = extra;
    }

    /** Starts (or restarts) the process and waits for its "running" line. */
    ChaosNotesUp start() {
        String[] args = {"up", "--data-dir", dataDir.toString(), "--kafka-port", String.valueOf(kafkaPort),
            "--http-port", String.valueOf(httpPort), "--registry-port", String.valueOf(registryPort), "--no-auth"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        starts++;
        process = ChaosProcess.notes("notes-up-" + starts, logDir, env, "1g", all);
        process.awaitLine("running;", Duration.ofSeconds(120));
        return this;
    }

    /** {@code kill -9} of the running process. */
    void kill() {
        process.kill();
    }

    ChaosProcess process() {
        return process;
    }

    String api() {
        return "http://127.0.0.1:" + httpPort;
    }

    Path dataDir() {
        return dataDir;
    }

    /** @return the status of {@code GET path} on the API, or -1 when it does not answer */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(api() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** @return the body of {@code GET path} when it answers 200, else null */
    String get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
