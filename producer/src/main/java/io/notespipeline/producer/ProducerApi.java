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
 *       503 with Retry-After when Kafka is unreachable, all as an
 *       {@link io.notespipeline.schemas.http.ErrorBody} (codes in {@link ErrorCode}). Nothing is written in any
 *       error case.</li>
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
    private static final String OPENAPI_RESOURCE = "/io/notespipeline/producer/openapi.json";

    private final NotePublisher publisher;
    private final PublisherConfig config;
    private final ObjectMapper json;

    public ProducerApi(NotePublisher publisher, PublisherConfig config) {
        this.publisher = publisher;
        this.config = config;
        this.json = Json.strictMapper(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(config.maxBodyBytes()).maxNumberLength(100).build());
    }

    /** Adds the routes and the error mapping of this API to {@code app}. */
    public void register(Javalin app) {
        app.post(EVENTS_PATH, this::postEvents);
        app.get(OPENAPI_PATH, this::openApi);
        app.exception(ApiProblem.class, (problem, ctx) -> {
            if (problem.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(problem.retryAfterSeconds()));
            }
            ctx.status(problem.error().httpStatus()).contentType("application/json").result(problem.error().toJson());
        });
    }

    private void postEvents(Context ctx) {
        String correlationId = correlationId(ctx.header(CORRELATION_HEADER));
        ctx.header(CORRELATION_HEADER, correlationId);
        String talkId = ctx.pathParam("talkId");
        MDC.put(MDC_KEY, correlationId);
        try {
            byte[] body = BodyReader.read(ctx, config.maxBodyBytes());
            Request request = parse(body, talkId);
            PublishOptions options = PublishOptions.none().withPathTalkId(talkId).withCorrelationId(correlationId);
            List<PublishReceipt> receipts = publish(request, options);
            log.info("Published talkId={} events={} position={}", talkId, receipts.size(),
                    receipts.get(receipts.size() - 1).position());
            ctx.status(201).contentType("application/json").result(created(receipts));
        } catch (ApiProblem problem) {
            log.info("Refused talkId={} error_code={} reason={}", talkId, problem.error().errorCode(), problem.getMessage());
            throw problem;
        } catch (RuntimeException e) {
            log.error("Unexpected error talkId={}", talkId, e);
            throw new ApiProblem(ErrorCode.INTERNAL_ERROR, "unexpected error, nothing was written");
        } finally {
            MDC.remove(MDC_KEY);
        }
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

    private List<PublishReceipt> publish(Request request, PublishOptions options) {
        try {
            CompletableFuture<List<PublishReceipt>> future = request.batch()
                    ? publisher.publishBatch(request.commands(), options)
                    : publisher.publish(request.commands().get(0), options).thenApply(List::of);
            return future.get(config.publishTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ValidationException e) {
            throw invalid(e.violations());
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not acknowledge in " + config.publishTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        } catch (ExecutionException e) {
            ProducerException cause = NotePublisher.translate(e, options.pathTalkId());
            if (cause instanceof PublisherUnavailableException) {
                throw unavailable(cause.getMessage());
            }
            log.error("Publishing failed talkId={}", options.pathTalkId(), cause);
            throw new ApiProblem(ErrorCode.INTERNAL_ERROR, "publishing failed, nothing was written");
        }
    }

    private ApiProblem unavailable(String message) {
        return new ApiProblem(ErrorBody.of(ErrorCode.UNAVAILABLE, "Kafka is unavailable, nothing was written: "
                + message), config.retryAfterSeconds());
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
