package io.notespipeline.producer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.notespipeline.producer.internal.ApiProblem;
import io.notespipeline.producer.internal.AppliedWait;
import io.notespipeline.producer.internal.BodyReader;
import io.notespipeline.producer.internal.EventJson;
import io.notespipeline.producer.internal.FastEventJson;
import io.notespipeline.producer.internal.EventsHandler;
import io.notespipeline.producer.internal.EventsHandler.Answer;
import io.notespipeline.producer.internal.Ids;
import io.notespipeline.schemas.contract.Violation;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.schemas.http.Json;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The REST+JSON producer API, registered on the app's Javalin server (the app adds auth in front, in Jetty: see
 * {@link #registerAhead}):
 * <ul>
 *   <li>{@code POST /v1/talks/{talkId}/events}: one event, or {@code {"events": [...]}} written atomically.
 *       201 {@code {"receipts": [{"eventId", "partition", "offset"}], "position": "<partition>-<offset>"}};
 *       errors 400 malformed JSON, 413 body over {@code api.max.body.bytes}, 415 not JSON, 422 invalid events,
 *       429 {@code BUSY} with Retry-After when the publisher's queue is full (checked before anything is queued),
 *       503 with Retry-After when Kafka is unreachable or the batch did not start in time (nothing written), and
 *       504 {@code OUTCOME_UNKNOWN} with a {@code hint} when the write may have happened (a commit without
 *       answer): retry with the same eventIds, the idempotency key. All as an
 *       {@link io.notespipeline.schemas.http.ErrorBody} (codes in {@link ErrorCode}); only 504 leaves the write
 *       uncertain.</li>
 *   <li>{@code POST …/events?wait=applied}: the same, answered once the views have folded the events: 201 with
 *       {@code revision}, 409 {@code REJECTED} with each reason (e.g. {@code STALE_REVISION}), or 202 written but
 *       not yet known to be applied ({@link AppliedWait}).</li>
 *   <li>{@code GET /v1/openapi.json}: the OpenAPI document of these shapes.</li>
 * </ul>
 * {@value #CORRELATION_HEADER} is taken from the request (or generated), echoed in the answer, given to the
 * events that name none, and put in the log context (MDC key {@value #MDC_KEY}).
 */
public final class ProducerApi {

    public static final String EVENTS_PATH = "/v1/talks/{talkId}/events";
    public static final String OPENAPI_PATH = "/v1/openapi.json";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";

    private static final Logger log = LoggerFactory.getLogger(ProducerApi.class);
    private static final Pattern SAFE_CORRELATION = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    /** What a client does after an unknown outcome. */
    static final String OUTCOME_HINT = "retry the same request with the same eventIds: they are the idempotency key,"
            + " so events already written are applied once; send your own eventIds to be able to retry safely";
    private static final String OPENAPI_RESOURCE = "/io/notespipeline/producer/openapi.json";

    private final NotePublisher publisher;
    private final PublisherConfig config;
    private final ObjectMapper json;
    private final AppliedWait appliedWait;

    public ProducerApi(NotePublisher publisher, PublisherConfig config) {
        this.publisher = publisher;
        this.config = config;
        this.json = Json.strictMapper(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(config.maxBodyBytes()).maxNumberLength(100).build());
        this.appliedWait = new AppliedWait(config);
    }

    /**
     * Adds the routes and the error mapping of this API to {@code app}: every request goes through Javalin, so
     * its before-handlers (auth) see them all.
     */
    public void register(Javalin app) {
        app.post(EVENTS_PATH, this::postEvents);
        app.get(OPENAPI_PATH, this::openApi);
        app.exception(ApiProblem.class, (problem, ctx) -> respond(ctx, problem));
    }

    /**
     * {@link #register}, plus the ingest path answered by a Jetty handler ahead of Javalin's servlet
     * ({@link EventsHandler}: no Javalin context per request, an async answer). Javalin's before-handlers do not
     * see those requests: guard the server in Jetty, ahead of this handler (the app's {@code ApiServer} puts its
     * auth there). Call it before the server starts; on a server already started the Javalin route answers alone.
     */
    public void registerAhead(Javalin app) {
        app.unsafeConfig().jetty.modifyServletContextHandler(handler -> handler.insertHandler(
                new EventsHandler(this::post, CORRELATION_HEADER)));
        register(app);
    }

    private static void respond(Context ctx, ApiProblem problem) {
        if (problem.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", String.valueOf(problem.retryAfterSeconds()));
        }
        ctx.status(problem.error().httpStatus()).contentType("application/json").result(problem.error().toJson());
    }

    /** The Javalin route: requests the Jetty handler left (an encoded talk id, a query string), same logic. */
    private void postEvents(Context ctx) throws IOException {
        AppliedWait.Request wait;
        try { // ?wait=applied: answer with the views' outcome; a bad value is a 400 before anything is read
            wait = AppliedWait.requested(ctx.queryParam(AppliedWait.PARAM)) ? appliedWait.request(ctx.scheme(),
                    ctx.req().getLocalAddr(), ctx.req().getLocalPort(), ctx.header("Authorization")) : null;
        } catch (ApiProblem problem) {
            ctx.header(CORRELATION_HEADER, correlationId(ctx.header(CORRELATION_HEADER)));
            respond(ctx, problem);
            return;
        }
        CompletableFuture<Answer> answer = post(ctx.pathParam("talkId"), ctx.header("Content-Type"),
                ctx.req().getContentLengthLong(), ctx.req().getInputStream(), ctx.header(CORRELATION_HEADER), wait);
        ctx.future(() -> answer.thenAccept(a -> {
            ctx.header(CORRELATION_HEADER, a.correlationId());
            if (a.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(a.retryAfterSeconds()));
            }
            ctx.status(a.status()).contentType("application/json").result(a.body());
        }));
    }

    /**
     * Reads, parses and validates on the request thread (so a bad request is answered at once and nothing is
     * queued), then answers when the publisher's future completes: no thread waits for Kafka. Never throws.
     */
    private CompletableFuture<Answer> post(String talkId, String contentType, long declaredLength, InputStream in,
            String correlationHeader) {
        return post(talkId, contentType, declaredLength, in, correlationHeader, null);
    }

    /** @param wait where and as whom to ask the views for the outcome ({@code ?wait=applied}), or null */
    private CompletableFuture<Answer> post(String talkId, String contentType, long declaredLength, InputStream in,
            String correlationHeader, AppliedWait.Request wait) {
        String correlationId = correlationId(correlationHeader);
        MDC.put(MDC_KEY, correlationId);
        try {
            byte[] body = BodyReader.read(contentType, declaredLength, in, config.maxBodyBytes());
            Request request = parse(body, talkId);
            PublishOptions options = PublishOptions.none().withPathTalkId(talkId).withCorrelationId(correlationId);
            CompletableFuture<List<PublishReceipt>> future = start(request, options);
            CompletableFuture<List<PublishReceipt>> timed = future.copy()
                    .orTimeout(config.publishTimeoutMs(), TimeUnit.MILLISECONDS);
            return timed.handle((receipts, error) -> {
                MDC.put(MDC_KEY, correlationId);
                try {
                    if (error == null) {
                        log.info("Published talkId={} events={} position={}", talkId, receipts.size(),
                                receipts.get(receipts.size() - 1).position());
                        return wait == null ? CompletableFuture.completedFuture(
                                new Answer(201, correlationId, created(receipts), 0))
                                : appliedWait.answer(wait, talkId, receipts, created(receipts), correlationId);
                    }
                    ApiProblem problem = problem(error, request, future, talkId);
                    log.info("Refused talkId={} error_code={} reason={}", talkId, problem.error().errorCode(),
                            problem.getMessage());
                    return CompletableFuture.completedFuture(answer(correlationId, problem));
                } catch (RuntimeException e) {
                    log.error("Unexpected error talkId={}", talkId, e);
                    return CompletableFuture.completedFuture(answer(correlationId, unexpected()));
                } finally {
                    MDC.remove(MDC_KEY);
                }
            }).thenCompose(answered -> answered);
        } catch (ApiProblem problem) {
            log.info("Refused talkId={} error_code={} reason={}", talkId, problem.error().errorCode(), problem.getMessage());
            return CompletableFuture.completedFuture(answer(correlationId, problem));
        } catch (RuntimeException e) {
            log.error("Unexpected error talkId={}", talkId, e);
            return CompletableFuture.completedFuture(answer(correlationId, unexpected()));
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private static Answer answer(String correlationId, ApiProblem problem) {
        return new Answer(problem.error().httpStatus(), correlationId, problem.error().toJson(),
                problem.retryAfterSeconds());
    }

    private static ApiProblem unexpected() {
        return new ApiProblem(ErrorCode.INTERNAL_ERROR, "unexpected error; if the events were sent, retry with the"
                + " same eventIds (the idempotency key)");
    }

    record Request(List<NoteCommand> commands, boolean batch) {
    }

    /** The body's events: read straight from the bytes when they are valid, else as a tree naming every problem. */
    Request parse(byte[] body, String talkId) {
        FastEventJson.Body fast = FastEventJson.read(json.getFactory(), body, talkId);
        return fast != null ? new Request(fast.commands(), fast.batch()) : parseTree(body, talkId);
    }

    /** @throws ApiProblem 400 for malformed JSON, 422 listing every shape violation */
    Request parseTree(byte[] body, String talkId) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiProblem(ErrorCode.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiProblem(ErrorCode.MALFORMED_JSON, "malformed JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ApiProblem(ErrorCode.MALFORMED_JSON, "malformed JSON: empty body");
        }
        List<Violation> violations = new ArrayList<>();
        List<NoteCommand> commands = new ArrayList<>();
        boolean batch = root.isObject() && root.has("events") && !root.has("type");
        if (batch) {
            JsonNode events = root.get("events");
            if (root.size() != 1 || !events.isArray() || events.isEmpty()) {
                throw invalid(List.of(new Violation(0, "events", "schema",
                        "a batch is {\"events\": [event, ...]} with at least one event and nothing else")));
            }
            for (int i = 0; i < events.size(); i++) {
                commands.add(EventJson.read(i, events.get(i), talkId, violations));
            }
        } else {
            commands.add(EventJson.read(0, root, talkId, violations));
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return new Request(commands, batch);
    }

    private static ApiProblem invalid(List<Violation> violations) {
        return ApiProblem.invalid("invalid events, nothing was written", violations);
    }

    /** Validates and hands the events over. @throws ApiProblem 422 when they are invalid (nothing is queued) */
    private CompletableFuture<List<PublishReceipt>> start(Request request, PublishOptions options) {
        try {
            return request.batch()
                    ? publisher.publishBatch(request.commands(), options)
                    : publisher.publish(request.commands().get(0), options.withInteractive()).thenApply(List::of);
        } catch (ValidationException e) {
            throw invalid(e.violations());
        }
    }

    /** The answer to a failed publish: "nothing was written" only when that is certain. */
    private ApiProblem problem(Throwable error, Request request, CompletableFuture<List<PublishReceipt>> future,
            String talkId) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            // a batch still waiting for its turn is taken out of the queue: then, and only then, nothing is written
            if (request.batch() && future.cancel(false)) {
                return unavailable("the batch did not start in " + config.publishTimeoutMs() + " ms");
            }
            return unknown("Kafka did not acknowledge in " + config.publishTimeoutMs() + " ms");
        }
        ProducerException translated = NotePublisher.translate(cause, talkId);
        if (translated instanceof PublisherBusyException) {
            return new ApiProblem(ErrorBody.of(ErrorCode.BUSY, translated.getMessage()), config.retryAfterSeconds());
        }
        if (translated instanceof OutcomeUnknownException) {
            return unknown(translated.getMessage());
        }
        if (translated instanceof PublisherUnavailableException) {
            return unavailable(translated.getMessage());
        }
        log.error("Publishing failed talkId={}", talkId, translated);
        return new ApiProblem(ErrorCode.INTERNAL_ERROR, "publishing failed, nothing was written");
    }

    private ApiProblem unavailable(String message) {
        return new ApiProblem(ErrorBody.of(ErrorCode.UNAVAILABLE, "Kafka is unavailable, nothing was written: "
                + message), config.retryAfterSeconds());
    }

    /** 504 OUTCOME_UNKNOWN: never "nothing was written" when the write may have happened. */
    private ApiProblem unknown(String message) {
        return new ApiProblem(ErrorBody.of(ErrorCode.OUTCOME_UNKNOWN, "the outcome is unknown, the events may or may"
                + " not have been written: " + message).withExtra(Map.of("hint", OUTCOME_HINT)), config.retryAfterSeconds());
    }

    /** The 201 body, written by hand: UUIDs, numbers and the position need no escaping (Jackson's maps cost more). */
    static String created(List<PublishReceipt> receipts) {
        StringBuilder out = new StringBuilder(40 + 80 * receipts.size()).append("{\"receipts\":[");
        for (int i = 0; i < receipts.size(); i++) {
            PublishReceipt r = receipts.get(i);
            out.append(i == 0 ? "{\"eventId\":\"" : ",{\"eventId\":\"").append(r.eventId()).append("\",\"partition\":")
                    .append(r.partition()).append(",\"offset\":").append(r.offset()).append('}');
        }
        return out.append("],\"position\":\"").append(receipts.get(receipts.size() - 1).position()).append("\"}")
                .toString();
    }

    /** @return the caller's id when safe, else a generated one (ThreadLocalRandom: no SecureRandom per request) */
    private static String correlationId(String given) {
        return given != null && SAFE_CORRELATION.matcher(given).matches() ? given
                : Ids.uuidV7(System.currentTimeMillis()).toString();
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = ProducerApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
