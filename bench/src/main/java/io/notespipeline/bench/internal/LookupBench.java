package io.notespipeline.bench.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.javalin.Javalin;
import io.notespipeline.bench.BenchException;
import io.notespipeline.bench.BenchRow;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.streams.QueryApi;
import io.notespipeline.streams.TalkViewTopology;
import io.notespipeline.streams.ViewsConfig;
import io.notespipeline.streams.ViewsService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row #6: {@code GET /v1/talks/{id}} by 16 closed-loop clients over the views of the first 20,000 events, against
 * a static endpoint on the same server answering the very same bytes through the same Jetty handler (the query
 * API's fast path, {@code QueryApi#staticRoutes}). A third figure, the same lookups through the Javalin route (an
 * extra parameter makes the fast path hand them over), goes to the note. Load by {@code wrk} when it is on the PATH
 * (16 connections), else {@link HttpLoad} (16 Java clients in this JVM); after a warm-up of each, the endpoints
 * alternate for 2 rounds, best of each.
 */
final class LookupBench {

    private static final Logger log = LoggerFactory.getLogger(LookupBench.class);
    private static final int CLIENTS = 16;
    private static final int ROUNDS = 2;
    private static final String STATIC = "/bench/static/";
    static final String TARGET = "≥ 0.7× static, p99 ≤ 5 ms";

    private final BenchCluster cluster;
    private final Workload workload;
    private final Path stateRoot;
    private final int seconds;

    LookupBench(BenchCluster cluster, Workload workload, Path stateRoot, int seconds) {
        this.cluster = cluster;
        this.workload = workload;
        this.stateRoot = stateRoot;
        this.seconds = seconds;
    }

    /**
     * One measured figure: rate, percentiles, errors, and this JVM's CPU time per answered request (server, idle
     * broker and streams; with HttpLoad also its clients), a cost less sensitive than req/s to what else runs.
     */
    private record Figure(double perSecond, double p50Ms, double p99Ms, long errors, double cpuMicros) {
        String text() {
            return String.format(Locale.ROOT, "%,.0f req/s p50 %.2f ms p99 %.2f ms %.0f µs CPU%s", perSecond, p50Ms,
                    p99Ms, cpuMicros, errors == 0 ? "" : " (" + errors + " errors)");
        }
    }

    BenchRow row() {
        int m = Math.min(workload.size(), 20_000);
        String topic = cluster.createTopic("http-views-events");
        TopicCatalog catalog = cluster.catalog();
        TalkViewTopology.Topics topics = new TalkViewTopology.Topics(BenchCluster.renamed(catalog.events(), topic),
                BenchCluster.renamed(catalog.talkViews(), cluster.createTopic("http-views", catalog.talkViews())),
                BenchCluster.renamed(catalog.rejected(), cluster.createTopic("http-rejected", catalog.rejected())));
        String appId = cluster.name("http-views");
        ViewsService service = new ViewsService(new ViewsConfig(Map.of(ViewsConfig.APPLICATION_ID_CONFIG, appId,
                ViewsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString(),
                ViewsConfig.STANDBY_REPLICAS_CONFIG, 0)), cluster.bootstrap(), topics);
        Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        Function<String, byte[]> statics = path -> path.startsWith(STATIC) ? bodies.get(path.substring(STATIC.length()))
                : null;
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        try {
            new PublisherBench(cluster, workload).publisher(topic, 0, m);
            new QueryApi(service, header -> true).staticRoutes(statics).register(app); // no auth, as --no-auth
            app.start("127.0.0.1", 0);
            service.start();
            List<String> talks = new ArrayList<>(new LinkedHashSet<>(workload.events().subList(0, m).stream()
                    .map(NoteEvent::getTalkId).toList()));
            awaitFolded(service, topic);
            String base = "http://127.0.0.1:" + app.port();
            readBodies(base, talks, bodies);
            List<String> lookups = talks.stream().map(t -> "/v1/talks/" + t).toList();
            List<String> viaJavalin = talks.stream().map(t -> "/v1/talks/" + t + "?bench=javalin").toList();
            List<String> fixed = talks.stream().map(t -> STATIC + t).toList();
            boolean wrk = Wrk.available();
            String load = String.format(Locale.ROOT, "%.1f", java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean().getSystemLoadAverage());
            measure(base, fixed, wrk);
            measure(base, lookups, wrk);
            measure(base, viaJavalin, wrk);
            Figure bestStatic = null;
            Figure bestLookup = null;
            Figure bestJavalin = null;
            StringBuilder rounds = new StringBuilder();
            for (int round = 1; round <= ROUNDS; round++) {
                Figure s = measure(base, fixed, wrk);
                Figure l = measure(base, lookups, wrk);
                Figure j = measure(base, viaJavalin, wrk);
                bestStatic = best(bestStatic, s);
                bestLookup = best(bestLookup, l);
                bestJavalin = best(bestJavalin, j);
                rounds.append(String.format(Locale.ROOT, "; round %d: static %s, lookup %s, lookup via Javalin %s",
                        round, s.text(), l.text(), j.text()));
            }
            String tool = wrk ? "wrk -t2 -c" + CLIENTS + " -d" + seconds + "s" : "HttpLoad " + CLIENTS + " Java clients";
            String note = String.format(Locale.ROOT, "%d clients (%s), GET /v1/talks/{id} over %d talks (views of %,d "
                    + "events), best of %d rounds of %d s after a warm-up of each; lookup p50 %.2f ms, p99 %.2f ms; "
                    + "static p99 %.2f ms; JVM CPU per request: lookup %.0f µs, static %.0f µs; the same lookups "
                    + "through the Javalin route: %,.0f req/s (%.2f× static), %.0f µs; single instance, no auth; load "
                    + "average at start %s%s", CLIENTS, tool, talks.size(), m, ROUNDS,
                    seconds, bestLookup.p50Ms(), bestLookup.p99Ms(), bestStatic.p99Ms(), bestLookup.cpuMicros(),
                    bestStatic.cpuMicros(), bestJavalin.perSecond(), bestJavalin.perSecond() / bestStatic.perSecond(),
                    bestJavalin.cpuMicros(), load, rounds);
            double ratio = bestLookup.perSecond() / bestStatic.perSecond();
            boolean errors = bestLookup.errors() > 0 || bestStatic.errors() > 0;
            return Rows.absolute("6", "key lookups/s (p99 in notes)", bestLookup.perSecond(), "req/s",
                    "static endpoint on the same server and Jetty handler, same bytes, same clients",
                    bestStatic.perSecond(), TARGET, !errors && ratio >= 0.7 && bestLookup.p99Ms() <= 5, note);
        } catch (RuntimeException e) {
            log.error("Key lookup figure failed", e);
            return BenchRow.notMeasured("6", "key lookups/s", "—", TARGET, "failed: " + e);
        } finally {
            app.stop();
            service.close();
            service.streams().cleanUp();
        }
    }

    private static Figure best(Figure a, Figure b) {
        return a == null || b.perSecond() > a.perSecond() ? b : a;
    }

    private Figure measure(String base, List<String> paths, boolean wrk) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        if (wrk) {
            Wrk.Result o = Wrk.get(base, paths, CLIENTS, Duration.ofSeconds(seconds));
            return new Figure(o.perSecond(), o.p50Ms(), o.p99Ms(), o.errors(),
                    (os.getProcessCpuTime() - cpu) / 1000.0 / Math.max(1, o.requests()));
        }
        Duration measured = Duration.ofSeconds(seconds);
        HttpLoad.Outcome o = HttpLoad.run(CLIENTS, measured.compareTo(Duration.ofSeconds(2)) < 0 ? measured
                : Duration.ofSeconds(2), measured, 200, i -> HttpRequest.newBuilder(URI.create(base
                + paths.get(Math.floorMod(i * 31 + i / 1_000_000, paths.size())))).GET().build());
        return new Figure(o.perSecond(), o.p50Ms(), o.p99Ms(), o.errors(),
                (os.getProcessCpuTime() - cpu) / 1000.0 / Math.max(1, o.requests()));
    }

    /**
     * Reads every talk's answer once, after the fold, as the static endpoint's bytes; checks that the Javalin route
     * answers the same bytes as the fast path (they must: both write {@code TalkLookup}'s JSON).
     */
    private static void readBodies(String base, List<String> talks, Map<String, byte[]> into) {
        HttpClient http = HttpClient.newHttpClient();
        for (String talk : talks) {
            byte[] fast = get(http, base + "/v1/talks/" + talk);
            if (!Arrays.equals(fast, get(http, base + "/v1/talks/" + talk + "?bench=javalin"))) {
                throw new BenchException("the fast path and the Javalin route answer different bytes for " + talk, null);
            }
            into.put(talk, fast);
        }
        for (String talk : talks.subList(0, Math.min(10, talks.size()))) {
            if (!Arrays.equals(into.get(talk), get(http, base + STATIC + talk))) {
                throw new BenchException("the static route does not answer the same bytes for " + talk, null);
            }
        }
    }

    private static byte[] get(HttpClient http, String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new BenchException("GET " + url + " answered " + r.statusCode(), null);
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new BenchException("cannot read " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    private void awaitFolded(ViewsService service, String topic) {
        long total = cluster.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
        ViewsBench.Positions positions = new ViewsBench.Positions(service.streams(), cluster.endOffsets(topic));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (positions.processed() < total) {
            if (System.nanoTime() > deadline) {
                throw new BenchException("the views did not catch up within 120 s");
            }
            ViewsBench.sleep(50);
        }
    }
}
