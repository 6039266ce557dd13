package io.notespipeline.producer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import io.notespipeline.schemas.contract.Violation;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.schemas.http.Json;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The REST+JSON producer API, registered on the app's Javalin server (the app adds auth in front):
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

    /** Adds the routes and the error mapping of this API to {@code app}. */
    public void register(Javalin app) {
        app.post(EVENTS_PATH, this::postEvents);
        app.get(OPENAPI_PATH, this::openApi);
        app.exception(ApiProblem.class, (problem, ctx) -> respond(ctx, problem));
    }

    private static void respond(Context ctx, ApiProblem problem) {
        if (problem.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", String.valueOf(problem.retryAfterSeconds()));
        }
        ctx.status(problem.error().httpStatus()).contentType("application/json").result(problem.error().toJson());
    }

    /**
     * Reads, parses and validates on the request thread (so a bad request is answered at once and nothing is
     * queued), then answers asynchronously ({@code ctx.future}): no thread waits for Kafka.
     */
    private void postEvents(Context ctx) {
        String correlationId = correlationId(ctx.header(CORRELATION_HEADER));
        ctx.header(CORRELATION_HEADER, correlationId);
        String talkId = ctx.pathParam("talkId");
        MDC.put(MDC_KEY, correlationId);
        try {
            boolean waitApplied = AppliedWait.requested(ctx); // ?wait=applied: answer with the views' outcome
            byte[] body = BodyReader.read(ctx, config.maxBodyBytes());
            Request request = parse(body, talkId);
            PublishOptions options = PublishOptions.none().withPathTalkId(talkId).withCorrelationId(correlationId);
            CompletableFuture<List<PublishReceipt>> future = start(request, options);
            CompletableFuture<List<PublishReceipt>> timed = future.copy()
                    .orTimeout(config.publishTimeoutMs(), TimeUnit.MILLISECONDS);
            ctx.future(() -> timed.handle((receipts, error) -> {
                MDC.put(MDC_KEY, correlationId);
                try {
                    if (error == null) {
                        log.info("Published talkId={} events={} position={}", talkId, receipts.size(),
                                receipts.get(receipts.size() - 1).position());
                        if (waitApplied) {
                            return appliedWait.answer(ctx, talkId, receipts, created(receipts));
                        }
                        ctx.status(201).contentType("application/json").result(created(receipts));
                    } else {
                        ApiProblem problem = problem(error, request, future, talkId);
                        log.info("Refused talkId={} error_code={} reason={}", talkId, problem.error().errorCode(),
                                problem.getMessage());
                        respond(ctx, problem);
                    }
                } catch (RuntimeException e) {
                    log.error("Unexpected error talkId={}", talkId, e);
                    respond(ctx, unexpected());
                } finally {
                    MDC.remove(MDC_KEY);
                }
                return CompletableFuture.<Void>completedFuture(null);
            }).thenCompose(answered -> answered));
        } catch (ApiProblem problem) {
            log.info("Refused talkId={} error_code={} reason={}", talkId, problem.error().errorCode(), problem.getMessage());
            throw problem;
        } catch (RuntimeException e) {
            log.error("Unexpected error talkId={}", talkId, e);
            throw unexpected();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private static ApiProblem unexpected() {
        return new ApiProblem(ErrorCode.INTERNAL_ERROR, "unexpected error; if the events were sent, retry with the"
                + " same eventIds (the idempotency key)");
    }

    private record Request(List<NoteCommand> commands, boolean batch) {
    }

    private Request parse(byte[] body, String talkId) {
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
                    : publisher.publish(request.commands().get(0), options).thenApply(List::of);
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

    private String created(List<PublishReceipt> receipts) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (PublishReceipt r : receipts) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("eventId", r.eventId().toString());
            item.put("partition", r.partition());
            item.put("offset", r.offset());
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receipts", items);
        body.put("position", receipts.get(receipts.size() - 1).position());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new ProducerException("cannot write receipts", e);
        }
    }

    private static String correlationId(String given) {
        return given != null && SAFE_CORRELATION.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = ProducerApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
