package io.notespipeline.producer.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.producer.PublishReceipt;
import io.notespipeline.producer.internal.EventsHandler.Answer;
import io.notespipeline.producer.PublisherConfig;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.schemas.http.Json;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/talks/{id}/events?wait=applied}: once the events are committed, asks a views instance what the
 * fold made of them ({@code GET /v1/talks/{id}/outcomes?after=<position of the last>&events=<eventIds>}, which
 * answers once the views have read the log up to there) and answers the client with that:
 * <ul>
 *   <li>201, the receipts plus {@code revision} (the talk's revision after the last event) and {@code outcomes},
 *       when every event was applied (an eventId applied before, by an earlier try of the same request, counts
 *       as applied: it was applied once);</li>
 *   <li>409 {@code REJECTED} (40950) when the fold rejected any: {@code errors} names each rejected event
 *       ({@code rule} is the reason, e.g. {@code STALE_REVISION}, {@code reason} its detail), {@code outcomes}
 *       and {@code receipts} say what was written and applied (a batch is written atomically, but the fold
 *       judges each event);</li>
 *   <li>202, the receipts and {@code "status": "WRITTEN"}, when the outcome is not known within
 *       {@code api.wait.applied.timeout.ms} or the views cannot be asked: the events are written, certainly, and
 *       {@code hint} says how to learn the outcome later.</li>
 * </ul>
 * The views are reached over HTTP ({@code api.views.url}; empty: the server that received the request, which in
 * {@code notes up} also serves the views), with the caller's own {@code Authorization} (a writer may read), so
 * the producer API and the views may run in different processes. No thread waits: the call is asynchronous, and
 * a views answer "not reached yet" (504) is asked again after a short delay until the deadline.
 */
public final class AppliedWait {

    /** The query parameter and its one value. */
    public static final String PARAM = "wait";
    public static final String APPLIED = "applied";

    private static final Logger log = LoggerFactory.getLogger(AppliedWait.class);
    private static final long RETRY_MS = 20;

    private final String viewsUrl;
    private final long timeoutMs;
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public AppliedWait(PublisherConfig config) {
        String url = config.getString(PublisherConfig.VIEWS_URL_CONFIG).trim();
        this.viewsUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeoutMs = config.getLong(PublisherConfig.WAIT_APPLIED_TIMEOUT_CONFIG);
    }

    /** Where and as whom to ask the views: the views' base URL and the caller's Authorization header (or null). */
    public record Request(String base, String authorization) {
    }

    /**
     * @param wait the request's {@code wait} parameter, or null
     * @return whether the request asks to wait for the views
     * @throws ApiProblem 400 for a {@code wait} other than {@code applied} (checked before anything is written)
     */
    public static boolean requested(String wait) {
        if (wait == null) {
            return false;
        }
        if (!APPLIED.equals(wait)) {
            throw new ApiProblem(ErrorCode.INVALID_PARAMETER, "wait must be '" + APPLIED + "' (or left out), got '"
                    + wait + "'");
        }
        return true;
    }

    /** @return what {@link #answer} needs of the request that the server at {@code localAddr:localPort} took */
    public Request request(String scheme, String localAddr, int localPort, String authorization) {
        return new Request(base(scheme, localAddr, localPort), authorization);
    }

    /**
     * The answer once the outcome of the committed {@code receipts} is known, or the wait is over.
     *
     * @param created the JSON of the asynchronous 201 (receipts and position)
     * @return completes with the answer; never exceptionally
     */
    public CompletableFuture<Answer> answer(Request wait, String talkId, List<PublishReceipt> receipts, String created,
                                            String correlationId) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String position = receipts.get(receipts.size() - 1).position();
        URI uri = URI.create(wait.base() + "/v1/talks/" + URLEncoder.encode(talkId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/outcomes?after=" + position + "&events="
                + receipts.stream().map(r -> r.eventId().toString()).collect(Collectors.joining(",")));
        return ask(uri, wait.authorization(), deadline).handle((answer, error) -> {
            if (error != null) {
                log.info("Cannot learn the outcome talkId={} position={} reason={}", talkId, position, error.toString());
                return pending(correlationId, created, talkId, position,
                        "the views could not be asked (" + rootMessage(error) + ")");
            } else if (answer == null) {
                return pending(correlationId, created, talkId, position,
                        "the views had not applied them within " + timeoutMs + " ms");
            }
            return decide(correlationId, created, talkId, position, receipts, answer);
        });
    }

    /** @return the views' answer (200), null when the deadline passed first; fails when the views answer otherwise */
    private CompletableFuture<JsonNode> ask(URI uri, String authorization, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofNanos(left))
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() == 200) {
                return CompletableFuture.completedFuture(read(response.body()));
            }
            if (response.statusCode() == 504 || response.statusCode() == 503) { // not reached yet, or rebalancing
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(RETRY_MS, TimeUnit.MILLISECONDS))
                        .thenCompose(x -> ask(uri, authorization, deadline));
            }
            throw new IllegalStateException("the views at " + uri.getHost() + ":" + uri.getPort() + " answered "
                    + response.statusCode());
        }).exceptionallyCompose(error -> error instanceof java.net.http.HttpTimeoutException
                || error.getCause() instanceof java.net.http.HttpTimeoutException
                ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(error));
    }

    private Answer decide(String correlationId, String created, String talkId, String position, List<PublishReceipt> receipts,
                        JsonNode answer) {
        JsonNode outcomes = answer.path("outcomes");
        List<ErrorBody.Item> rejected = new ArrayList<>();
        boolean unknown = false;
        long revision = -1;
        for (int i = 0; i < outcomes.size(); i++) {
            JsonNode o = outcomes.get(i);
            switch (o.path("outcome").asText()) {
                case "APPLIED" -> revision = Math.max(revision, o.path("revision").asLong());
                case "REJECTED" -> rejected.add(new ErrorBody.Item(i, field(o.path("reason").asText()),
                        o.path("reason").asText(), o.path("detail").asText()));
                default -> unknown = true;
            }
        }
        if (outcomes.size() != receipts.size()) {
            unknown = true;
        }
        Map<String, Object> body = fields(created);
        body.put("outcomes", outcomes);
        if (!rejected.isEmpty()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("receipts", body.get("receipts"));
            extra.put("position", position);
            extra.put("outcomes", outcomes);
            ErrorBody error = ErrorBody.of(ErrorCode.REJECTED, rejected.size() + " of " + receipts.size()
                    + " events written to the log were rejected by the views (" + rejected.get(0).rule() + ")")
                    .withErrors(rejected).withExtra(extra);
            return new Answer(409, correlationId, error.toJson(), 0);
        } else if (unknown) {
            return pending(correlationId, created, talkId, position, "the views have read up to " + position
                    + " but do not know every event");
        }
        body.put("revision", revision);
        return new Answer(201, correlationId, write(body), 0);
    }

    /** 202: written for certain, outcome not known (yet). */
    private Answer pending(String correlationId, String created, String talkId, String position, String why) {
        Map<String, Object> body = fields(created);
        body.put("status", "WRITTEN");
        body.put("message", "the events are written (committed to the log), but whether the views applied them is"
                + " not known: " + why);
        body.put("hint", "GET /v1/talks/" + talkId + "?after=" + position + " reads the view once it includes them;"
                + " GET /v1/talks/" + talkId + "/outcomes?after=" + position + "&events=<eventIds> says what was applied");
        return new Answer(202, correlationId, write(body), 0);
    }

    /** @return the field a reject is about, empty for the whole event */
    private static String field(String reason) {
        return switch (reason) {
            case "STALE_REVISION" -> "expectedRevision";
            case "TALK_NOT_FOUND", "TALK_EXISTS", "TALK_DELETED", "WRONG_TALK" -> "talkId";
            case "INVALID_POSITION" -> "payload.position";
            case "DUPLICATE_NOTE" -> "payload.noteId";
            default -> "";
        };
    }

    private String base(String scheme, String localAddr, int localPort) {
        if (!viewsUrl.isEmpty()) {
            return viewsUrl;
        }
        String host = localAddr;
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                host = "127.0.0.1";
            } else if (address instanceof Inet6Address) {
                host = "[" + host + "]";
            }
        } catch (UnknownHostException e) {
            host = "127.0.0.1";
        }
        return scheme + "://" + host + ":" + localPort;
    }

    /** @return the top-level fields of a JSON object, in order */
    private Map<String, Object> fields(String object) {
        Map<String, Object> out = new LinkedHashMap<>();
        read(object).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + e.getMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
