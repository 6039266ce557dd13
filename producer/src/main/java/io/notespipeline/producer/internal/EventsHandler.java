package io.notespipeline.producer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The ingest hot path, {@code POST /v1/talks/{talkId}/events}, answered in Jetty before Javalin's servlet (the
 * way the registry answers {@code GET /schemas/ids/{id}}): the body is read and checked on the request thread,
 * and the answer is written when the publisher's future completes, through the servlet's async context, so no
 * thread waits for Kafka and no Javalin context, route match or result stream is built per request. Only plain
 * requests are taken: a path whose talk id needs no decoding (no {@code %}, no dot segment) and no query string;
 * anything else falls through to the Javalin route, which answers it with the very same logic.
 */
public final class EventsHandler extends HandlerWrapper {

    /** What the API answers a request. */
    public record Answer(int status, String correlationId, String body, int retryAfterSeconds) {
    }

    /** The API's logic: never throws, every failure is an answer. */
    @FunctionalInterface
    public interface Endpoint {
        CompletableFuture<Answer> post(String talkId, String contentType, long declaredLength, InputStream body,
                String correlationHeader);
    }

    private static final Logger log = LoggerFactory.getLogger(EventsHandler.class);
    private static final String PREFIX = "/v1/talks/";
    private static final String SUFFIX = "/events";
    private static final String INTERNAL = ErrorBody.of(ErrorCode.INTERNAL_ERROR, "unexpected error; if the events were"
            + " sent, retry with the same eventIds (the idempotency key)").toJson();

    private final Endpoint endpoint;
    private final String correlationHeader;

    public EventsHandler(Endpoint endpoint, String correlationHeader) {
        this.endpoint = endpoint;
        this.correlationHeader = correlationHeader;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String talkId = "POST".equals(request.getMethod()) && request.getQueryString() == null
                ? talkId(request.getRequestURI()) : null;
        if (talkId == null) {
            super.handle(target, baseRequest, request, response);
            return;
        }
        baseRequest.setHandled(true);
        CompletableFuture<Answer> answer = endpoint.post(talkId, request.getContentType(), request.getContentLengthLong(),
                request.getInputStream(), request.getHeader(correlationHeader));
        if (answer.isDone()) {
            write(response, answer.join());
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the API bounds the wait itself (api.publish.timeout.ms)
        answer.whenCompleteAsync((a, error) -> {
            try {
                write((HttpServletResponse) async.getResponse(), a != null ? a
                        : new Answer(500, request.getHeader(correlationHeader), INTERNAL, 0));
            } catch (IOException | RuntimeException e) {
                log.debug("Cannot write the answer (client gone?): {}", e.toString());
            } finally {
                async.complete();
            }
        }, answers());
    }

    /**
     * Where an answer is written: the server's own thread pool, not the thread that completed the publish (for a
     * single event, the Kafka producer's network thread, which then wrote every HTTP answer itself before it
     * could send the next produce request: JFR of bench row 3 put 43% of that one thread in Jetty's writes).
     */
    private Executor answers() {
        org.eclipse.jetty.server.Server server = getServer();
        Executor pool = server == null ? null : server.getThreadPool();
        if (pool == null) {
            return Runnable::run;
        }
        return task -> {
            try {
                pool.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                task.run(); // a full or stopping pool: answer here rather than leave the request open
            }
        };
    }

    /** Status, headers and body; no Content-Length, so Jetty writes the aggregated body when the exchange completes. */
    private void write(HttpServletResponse response, Answer answer) throws IOException {
        response.setStatus(answer.status());
        if (answer.correlationId() != null) {
            response.setHeader(correlationHeader, answer.correlationId());
        }
        if (answer.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", String.valueOf(answer.retryAfterSeconds()));
        }
        response.setContentType("application/json");
        response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
    }

    /** @return the talk id of {@code /v1/talks/{talkId}/events} when it needs no decoding, else null */
    static String talkId(String uri) {
        if (uri == null || !uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX) || uri.length() <= PREFIX.length() + SUFFIX.length()) {
            return null;
        }
        int end = uri.length() - SUFFIX.length();
        for (int i = PREFIX.length(); i < end; i++) {
            char c = uri.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '@';
            if (!plain) {
                return null;
            }
        }
        String id = uri.substring(PREFIX.length(), end);
        return id.equals(".") || id.equals("..") ? null : id;
    }
}
