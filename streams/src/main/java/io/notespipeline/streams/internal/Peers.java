package io.notespipeline.streams.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the query API of another instance; a request it forwards is answered from that instance's stores only. */
public final class Peers {

    /**
     * Marks a forwarded request, carrying the instances' shared forwarding secret: answer locally, never forward
     * again. Without the secret the header is a client's and is ignored.
     */
    public static final String FORWARDED = "X-Notes-Forwarded";
    /** The partition of the key, as the forwarding instance computed it. */
    public static final String PARTITION = "X-Notes-Partition";
    /** The forwarding instance accepts an answer from a standby copy. */
    public static final String STALE_OK = "X-Notes-Stale-Ok";

    private static final Logger log = LoggerFactory.getLogger(Peers.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final byte[] secret;
    private final java.util.concurrent.atomic.AtomicBoolean warnedRefused = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param secret the forwarding secret every instance of this application shares */
    public Peers(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the forwarding secret must not be blank");
        }
        this.secret = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @return true when {@code forwardedHeader} carries this application's forwarding secret (constant time) */
    public boolean isPeer(String forwardedHeader) {
        return forwardedHeader != null && java.security.MessageDigest.isEqual(secret,
                forwardedHeader.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * @return the peer's answer, or a failed future when it could not be reached
     */
    public CompletableFuture<Reply> get(HostInfo host, String pathAndQuery, Map<String, String> headers,
                                        Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery)).timeout(timeout).GET();
        headers.forEach((k, v) -> {
            if (v != null) {
                request.header(k, v);
            }
        });
        String token = new String(secret, java.nio.charset.StandardCharsets.UTF_8);
        request.header(FORWARDED, token);
        request.header("Authorization", "Bearer " + token); // the peer's API accepts the secret as a reader
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            Map<String, String> extra = new HashMap<>();
            response.headers().firstValue("Retry-After").ifPresent(v -> extra.put("Retry-After", v));
            return new Reply(response.statusCode(), response.body(), extra);
        });
    }

    /**
     * @return the peer's answer, or empty when the peer could not be reached in time (connection refused,
     *         reset, timeout: an {@link IOException}) or cannot answer for the key now (503). Anything else
     *         (a malformed address, a bug) is thrown.
     */
    public CompletableFuture<Optional<Reply>> answerAsync(HostInfo host, String pathAndQuery,
                                                          Map<String, String> headers, Duration timeout) {
        return get(host, pathAndQuery, headers, timeout).handle((reply, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof IOException) {
                    log.debug("Peer host={} did not answer path={}: {}", host, pathAndQuery, cause.toString());
                    return Optional.empty();
                }
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
            }
            return usable(host, reply);
        });
    }

    /** {@link #answerAsync}, blocking. */
    public Optional<Reply> answer(HostInfo host, String pathAndQuery, Map<String, String> headers, Duration timeout) {
        try {
            return answerAsync(host, pathAndQuery, headers, timeout).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * @return the reply, or empty when this copy cannot answer: 503 (not queryable now), or 401/403 (the peer
     *         does not share this instance's forwarding secret: warned once, never handed to the caller)
     */
    private Optional<Reply> usable(HostInfo host, Reply reply) {
        if (reply.status() == 401 || reply.status() == 403) {
            if (warnedRefused.compareAndSet(false, true)) {
                log.warn("Peer host={} refused a forwarded query ({}): set streams.forwarding.secret to the same value "
                        + "on every instance of the views", host, reply.status());
            }
            return Optional.empty();
        }
        return reply.status() == 503 ? Optional.empty() : Optional.of(reply);
    }
}
