package io.notespipeline.bench.internal;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.http.Json;
import io.javalin.Javalin;
import io.notespipeline.bench.BenchException;
import io.notespipeline.bench.BenchRow;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublisherConfig;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows #2 and #3: the producer's REST API mounted on a Javalin server of the bench's own (no auth, like
 * {@code notes up --no-auth}), loaded by 16 closed-loop clients in the same JVM; row #6 is {@link LookupBench}. The APIs are found by name ({@code io.notespipeline.producer.ProducerApi},
 * {@code io.notespipeline.streams.QueryApi}, each with {@code register(Javalin)}) so that the harness
 * builds before they are merged; a missing one makes its rows "not measured".
 */
public final class HttpBench {

    private static final Logger log = LoggerFactory.getLogger(HttpBench.class);
    static final String PRODUCER_API = "io.notespipeline.producer.ProducerApi";
    static final String QUERY_API = "io.notespipeline.streams.QueryApi";
    private static final int CLIENTS = 16;
    static final int BATCH = 100;
    static final int CLIENTS_DEFAULT = 16;
    private static final ObjectMapper JSON = Json.mapper();

    private final BenchCluster cluster;
    private final Workload workload;
    private final Path stateRoot;
    private final Duration measured;
    private final Double publisherRate;

    /**
     * @param seconds       measured seconds per figure
     * @param publisherRate row #1's publisher events/s (the baseline of #2), or null when unknown
     */
    public HttpBench(BenchCluster cluster, Workload workload, Path stateRoot, int seconds, Double publisherRate) {
        this.cluster = cluster;
        this.workload = workload;
        this.stateRoot = stateRoot;
        this.measured = Duration.ofSeconds(seconds);
        this.publisherRate = publisherRate;
    }

    /** @return rows 2, 3 and 6 (measured or not, with the reason). */
    public List<BenchRow> rows() {
        List<BenchRow> rows = new ArrayList<>();
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false).start("127.0.0.1", 0);
        try {
            rows.addAll(producerRows(app));
        } finally {
            app.stop();
        }
        // row 6 on its own server: the query API's fast path is a Jetty handler, placed before the server starts
        rows.add(present(QUERY_API) ? new LookupBench(cluster, workload, stateRoot, (int) measured.toSeconds()).row()
                : BenchRow.notMeasured("6", "key lookups/s", "—", LookupBench.TARGET, QUERY_API + " is not in this build"));
        return rows;
    }

    /** Row 3's baseline endpoint: answers 201 doing nothing. */
    static final String NOOP_PATH = "/bench/noop";

    private List<BenchRow> producerRows(Javalin app) {
        String t2 = "≥ 0.5× publisher";
        String t3 = "≥ 15,000 req/s, p99 ≤ 20 ms";
        if (!present(PRODUCER_API)) {
            String why = PRODUCER_API + " is not in this build (not merged when the harness was built)";
            return List.of(BenchRow.notMeasured("2", "REST ingest events/s", "publisher events/s", t2, why),
                    BenchRow.notMeasured("3", "REST single-event req/s", "—", t3, why));
        }
        String topic = cluster.createTopic("http-events");
        PublisherConfig config = PublisherBench.publisherConfig();
        try (NotePublisher publisher = new NotePublisher(config, cluster.bootstrap(), cluster.catalogFor(topic)).start()) {
            mount(PRODUCER_API, new Class<?>[] {NotePublisher.class, PublisherConfig.class}, app, publisher, config);
            String base = "http://127.0.0.1:" + app.port() + "/v1/talks/";
            prime(publisher);
            HttpLoad.Outcome batches = HttpLoad.run(CLIENTS, warmup(), measured, 201,
                    i -> post(base + "http-batch-" + (i / 1_000_000) + "/events", batchBody(i)));
            HttpLoad.Outcome singles = HttpLoad.run(CLIENTS, warmup(), measured, 201,
                    i -> post(base + "http-single-" + (i / 1_000_000) + "/events", eventBody(i, 0)));
            // row 3's baseline: the same server, the same request, an endpoint answering 201 doing nothing
            app.post(NOOP_PATH, ctx -> ctx.status(201).contentType("application/json").result("{}"));
            String noop = "http://127.0.0.1:" + app.port() + NOOP_PATH;
            HttpLoad.Outcome nothing = HttpLoad.run(CLIENTS, warmup(), measured, 201, i -> post(noop, eventBody(i, 0)));
            double events = batches.perSecond() * BATCH;
            String n2 = String.format(Locale.ROOT, "%d clients × batches of %d (group commit: concurrent batches share "
                    + "Kafka transactions), %d s; "
                    + "p50 %.1f ms, p99 %.1f ms per batch; %d errors; clients and server share the 2 cores", CLIENTS,
                    BATCH, measured.toSeconds(), batches.p50Ms(), batches.p99Ms(), batches.errors());
            BenchRow r2 = publisherRate == null
                    ? Rows.absolute("2", "REST ingest events/s", events, "events/s", "publisher events/s (row 1)",
                            null, t2, null, n2 + "; row 1 failed, no baseline")
                    : Rows.atLeastRatio("2", "REST ingest events/s", events, "events/s", "publisher events/s (row 1)",
                            publisherRate, 0.5, n2);
            String n3 = String.format(Locale.ROOT, "%d clients, one event per request, %d s; p50 %.1f ms, p99 %.1f ms; "
                    + "%d errors; baseline: the same server's POST %s answering 201 doing nothing, p99 %.1f ms; "
                    + "ratio %.2f×", CLIENTS, measured.toSeconds(), singles.p50Ms(), singles.p99Ms(), singles.errors(),
                    NOOP_PATH, nothing.p99Ms(), singles.perSecond() / Math.max(1e-9, nothing.perSecond()));
            BenchRow r3 = Rows.absolute("3", "REST single-event req/s (p99 in notes)", singles.perSecond(), "req/s",
                    "same server, 201 doing nothing", nothing.perSecond(), t3,
                    singles.perSecond() >= 15_000 && singles.p99Ms() <= 20, n3);
            return List.of(r2, r3);
        } catch (RuntimeException e) {
            log.error("REST producer figures failed", e);
            return List.of(BenchRow.notMeasured("2", "REST ingest events/s", "publisher events/s", t2, "failed: " + e),
                    BenchRow.notMeasured("3", "REST single-event req/s", "—", t3, "failed: " + e));
        }
    }

    /** @return the unmeasured warm-up before each figure: 2 s, or the measured time if shorter. */
    /**
     * One committed batch before the clock starts: the cluster's first transaction creates
     * {@code __transaction_state} (50 partitions), which on a loaded machine outlasts the warm-up.
     */
    private static void prime(NotePublisher publisher) {
        try {
            publisher.publishBatch(List.of(io.notespipeline.producer.NoteCommand.addNote("http-prime", "p1", null, 0,
                    "prime"))).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new BenchException("the first transaction did not commit in 120 s: " + e, e);
        }
    }

    private Duration warmup() {
        return measured.compareTo(Duration.ofSeconds(2)) < 0 ? measured : Duration.ofSeconds(2);
    }

    static HttpRequest post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String batchBody(int request) {
        return batchBody(workload, request, BATCH);
    }

    private String eventBody(int request, int k) {
        return eventBody(workload, request, k);
    }

    /** @return {@code {"events": [...]}} with {@code size} NoteAdded events of the producer API. */
    static String batchBody(Workload workload, int request, int size) {
        StringBuilder sb = new StringBuilder("{\"events\":[");
        for (int k = 0; k < size; k++) {
            sb.append(k == 0 ? "" : ",").append(eventBody(workload, request, k));
        }
        return sb.append("]}").toString();
    }

    /** A NoteAdded event of the producer API whose text is a generated (realistic) note text. */
    static String eventBody(Workload workload, int request, int k) {
        NoteEvent source = workload.events().get(Math.floorMod(request * 131 + k, workload.size()));
        String text = source.getPayload() instanceof NoteAdded a ? a.getText() : "a note about " + source.getTalkId();
        try {
            return JSON.writeValueAsString(Map.of("type", "NoteAdded", "author", source.getAuthor(),
                    "payload", Map.of("noteId", "h" + request + "-" + k, "position", 0, "text", text)));
        } catch (JsonProcessingException e) {
            throw new BenchException("cannot write JSON", e);
        }
    }

    static boolean present(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void mount(String className, Class<?>[] types, Javalin app, Object... args) {
        try {
            Class<?> api = Class.forName(className);
            Object instance = api.getConstructor(types).newInstance(args);
            api.getMethod("register", Javalin.class).invoke(instance, app);
        } catch (InvocationTargetException e) {
            throw new BenchException("cannot mount " + className + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new BenchException("cannot mount " + className + " (its API changed?): " + e, e);
        }
    }
}
