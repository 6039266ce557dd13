package io.notespipeline.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import io.notespipeline.bench.BenchException;
import io.notespipeline.bench.BenchRow;
import io.notespipeline.registry.RegistryConfig;
import io.notespipeline.registry.RegistryServer;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row 10: {@code GET /schemas/ids/{id}} requests per second with 100 connections, the lookup every
 * Confluent client makes for a schema id it has not cached. Baseline in the same run: a static
 * route on the same server answering the very same bytes through the same Jetty handler (what the
 * server costs without any registry work). The note adds the same bytes through a Javalin route
 * ({@code /bench/static/javalin}), to show what Javalin's layer would cost on the hot path.
 * Measured with {@code wrk} when it is on the PATH (a C load generator leaves the cores to the
 * server), else with {@link HttpLoad}; the two endpoints alternate, best of each.
 */
public final class RegistryBench {

    static final int CONNECTIONS = 100;
    static final double TARGET = 12_000;
    private static final Logger log = LoggerFactory.getLogger(RegistryBench.class);
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern COUNT = Pattern.compile("(\\d+) requests in");

    private RegistryBench() {
    }

    /** @param seconds measured time per round and endpoint */
    public static BenchRow row(BenchCluster kafka, int seconds, int rounds) {
        AtomicReference<byte[]> same = new AtomicReference<>(new byte[0]);
        try (RegistryServer server = new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 0,
                RegistryConfig.HOST_CONFIG, "127.0.0.1", RegistryConfig.WRITES_OPEN_CONFIG, true)), kafka.bootstrap(),
                kafka.catalogFor(kafka.name("registry") + "." + TopicCatalog.EVENTS)).staticRoute("/bench/static", same::get).start()) {
            String base = server.url();
            int id = register(base);
            byte[] answer = get(base + "/schemas/ids/" + id);
            same.set(answer);
            if (!java.util.Arrays.equals(get(base + "/bench/static"), answer)
                    || !java.util.Arrays.equals(get(base + "/bench/static/javalin"), answer)) {
                throw new BenchException("the static route does not answer the same bytes", null);
            }
            boolean wrk = Wrk.available();
            double best = 0;
            double bestStatic = 0;
            double bestJavalin = 0;
            StringBuilder rates = new StringBuilder();
            String load = loadAverage();
            measure(base + "/bench/static", seconds, wrk);
            measure(base + "/schemas/ids/" + id, seconds, wrk);
            measure(base + "/bench/static/javalin", seconds, wrk);
            for (int round = 1; round <= rounds; round++) {
                Rate byStatic = measure(base + "/bench/static", seconds, wrk);
                Rate byId = measure(base + "/schemas/ids/" + id, seconds, wrk);
                Rate viaJavalin = measure(base + "/bench/static/javalin", seconds, wrk);
                best = Math.max(best, byId.perSecond());
                bestStatic = Math.max(bestStatic, byStatic.perSecond());
                bestJavalin = Math.max(bestJavalin, viaJavalin.perSecond());
                rates.append(String.format(Locale.ROOT,
                        "; round %d static %,.0f (%.0f µs CPU) by id %,.0f (%.0f µs CPU) static via Javalin %,.0f (%.0f µs CPU)",
                        round, byStatic.perSecond(), byStatic.cpuMicros(), byId.perSecond(), byId.cpuMicros(),
                        viaJavalin.perSecond(), viaJavalin.cpuMicros()));
            }
            String tool = wrk ? "wrk -t2 -c" + CONNECTIONS + " -d" + seconds + "s URL" : "HttpLoad " + CONNECTIONS + " clients";
            return Rows.absolute("10", "registry GET /schemas/ids/{id} req/s, " + CONNECTIONS + " connections", best,
                    "req/s", "static route on the same server and Jetty handler, same " + answer.length + " bytes", bestStatic,
                    String.format(Locale.ROOT, "≥ %,.0f req/s", TARGET), best >= TARGET,
                    "best of " + rounds + " rounds after a warm-up of each, " + tool + String.format(Locale.ROOT,
                            "; same bytes through a Javalin route: best %,.0f req/s (%.2f× the by-id rate)", bestJavalin,
                            best == 0 ? 0 : bestJavalin / best)
                            + "; µs CPU = this JVM's CPU time per answered request (server, idle broker); load average at start "
                            + load + rates);
        }
    }

    private static int register(String base) {
        String body;
        try {
            body = io.notespipeline.schemas.http.Json.mapper().writeValueAsString(Map.of("schema", NoteEvent.getClassSchema().toString()));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/subjects/bench-value/versions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return io.notespipeline.schemas.http.Json.mapper().readTree(response.body()).path("id").asInt();
        } catch (IOException e) {
            throw new BenchException("cannot register the bench schema: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    private static byte[] get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new BenchException("cannot GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    /** A measured rate, and this JVM's CPU time per request meanwhile (the server's cost, whatever else runs). */
    record Rate(double perSecond, double cpuMicros) {
    }

    private static Rate measure(String url, int seconds, boolean wrk) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (!wrk) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
            HttpLoad.Outcome outcome = HttpLoad.run(CONNECTIONS, Duration.ofSeconds(1), Duration.ofSeconds(seconds), 200,
                    n -> request);
            return new Rate(outcome.perSecond(), Double.NaN);
        }
        long cpuBefore = os.getProcessCpuTime();
        try {
            Process process = new ProcessBuilder("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", url)
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new BenchException("wrk failed: " + out, null);
            }
            if (out.contains("Non-2xx")) {
                throw new BenchException("wrk saw errors: " + out, null);
            }
            long cpu = os.getProcessCpuTime() - cpuBefore;
            Matcher rate = RATE.matcher(out);
            Matcher count = COUNT.matcher(out);
            if (!rate.find() || !count.find()) {
                throw new BenchException("no rate in wrk's output: " + out, null);
            }
            double cpuMicros = cpu / 1000.0 / Long.parseLong(count.group(1));
            log.info("Registry bench url={} requestsPerSecond={} cpuMicrosPerRequest={}", url, rate.group(1),
                    String.format(Locale.ROOT, "%.1f", cpuMicros));
            return new Rate(Double.parseDouble(rate.group(1)), cpuMicros);
        } catch (IOException e) {
            throw new BenchException("cannot run wrk: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

}
