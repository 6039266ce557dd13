package io.notespipeline.streams.internal;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * The hot path of the query API, {@code GET /v1/talks/{id}} (optionally {@code ?after=TOKEN}) for a talk whose
 * active copy is on this instance, answered in Jetty before Javalin's servlet: the route match, the Javalin context,
 * the {@code Map} of the answer and its string are not built; the header and notes are read from the stores and the
 * JSON written straight to the response ({@link TalkLookup}). Everything else falls through to the Javalin route,
 * which answers it as before: a talk owned by another instance (forwarded by {@link KeyRouter}), a standby or
 * missing copy, an unknown talk (404 with its position), a position not reached yet ({@code after}: the
 * asynchronous wait), a bad token or partition (400), {@code asOf} or any other parameter, a percent-encoded id, a
 * client asking for compression, and any request the reader check refuses (so the server's own authentication
 * answers it, with its 401 or 403).
 *
 * <p>A request another instance forwarded (its shared secret in {@link Peers#FORWARDED}) is answered here from the
 * partition it names, like {@link KeyRouter#answerForwarded}. Bench baselines ({@code staticRoutes}) are answered
 * here too, so that both sides of the bench's ratio go through the same layers.
 */
public final class TalkLookupHandler extends HandlerWrapper {

    private static final String PREFIX = "/v1/talks/";

    private final Predicate<String> mayRead;
    private final KeyRouter router;
    private final Peers peers;
    private final TalkLookup lookup;
    private final TalkQueries queries;
    private final Function<String, byte[]> staticRoutes;
    private final java.util.concurrent.atomic.LongAdder lookups = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param mayRead      true when the {@code Authorization} header (null when absent) may read; false lets the
     *                     server's authentication answer
     * @param staticRoutes bench baselines: the bytes answered for a path, or null when it is not one
     */
    public TalkLookupHandler(Predicate<String> mayRead, KeyRouter router, Peers peers, TalkLookup lookup,
                             TalkQueries queries, Function<String, byte[]> staticRoutes) {
        this.mayRead = mayRead;
        this.router = router;
        this.peers = peers;
        this.lookup = lookup;
        this.queries = queries;
        this.staticRoutes = staticRoutes;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!"GET".equals(request.getMethod()) || !answered(target, request, response)) {
            super.handle(target, baseRequest, request, response);
            return;
        }
        baseRequest.setHandled(true);
    }

    private boolean answered(String target, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = staticRoutes.apply(target);
        if (body != null) {
            response.setStatus(200);
            response.setContentType("application/json");
            try (var out = response.getOutputStream()) { // as TalkLookup.write: Jetty sets the length on close
                out.write(body);
            }
            return true;
        }
        if (!target.startsWith(PREFIX)) {
            return false;
        }
        String talkId = target.substring(PREFIX.length());
        if (talkId.isEmpty() || talkId.indexOf('/') >= 0 || talkId.indexOf('%') >= 0 || talkId.indexOf('+') >= 0
                || !mayRead.test(request.getHeader("Authorization")) || compressible(request)) {
            return false;
        }
        String after = after(request.getQueryString());
        if ("".equals(after)) {
            return false;
        }
        int partition;
        boolean stale;
        String forwarded = request.getHeader(Peers.FORWARDED);
        if (forwarded != null && peers.isPeer(forwarded)) {
            partition = partition(request.getHeader(Peers.PARTITION));
            stale = Boolean.parseBoolean(request.getHeader(Peers.STALE_OK));
        } else {
            partition = router.ownedPartition(talkId);
            stale = false;
        }
        return partition >= 0 && answer(talkId, partition, stale, after, response);
    }

    private boolean answer(String talkId, int partition, boolean stale, String after, HttpServletResponse response)
            throws IOException {
        TalkLookup.Found found = null;
        byte[] body = null;
        long position;
        try {
            position = stale ? lookup.position(partition, true) : lookup.activePosition(partition);
            if (after != null && position < wanted(after, partition, talkId)) {
                return false;
            }
            if (stale) { // a standby's stores are restored one by one: its position does not date them
                found = lookup.read(talkId, partition, true);
            } else {
                body = lookup.kept(talkId, partition, position);
                if (body == null) {
                    body = lookup.answer(talkId, partition, position, queries.origin(partition, position, false,
                            "store"));
                }
            }
        } catch (LocalStores.Unavailable | ApiException e) {
            return false;
        }
        if (found == null && body == null) {
            return false;
        }
        response.setStatus(200);
        response.setContentType("application/json");
        if (body != null) {
            try (var out = response.getOutputStream()) { // as the static routes
                out.write(body);
            }
        } else {
            TalkLookup.write(found, queries.origin(partition, position, true, "store"), response.getOutputStream());
        }
        lookups.increment();
        return true;
    }

    /** @return the key lookups answered here (not handed to the Javalin route) since the start */
    public long lookups() {
        return lookups.sum();
    }

    private static long wanted(String after, int partition, String talkId) {
        return TalkQueries.tokenOffset(after, partition, talkId);
    }

    /**
     * @return the value of {@code after} when it is the only parameter, null when there is none, "" when the query
     *         has anything else (or an encoded value): the Javalin route answers those
     */
    private static String after(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        if (!query.startsWith("after=") || query.indexOf('&') >= 0 || query.indexOf('%') >= 0
                || query.indexOf('+') >= 0 || query.length() == "after=".length()) {
            return "";
        }
        return query.substring("after=".length());
    }

    /** @return the partition a peer named, or -1 when it is not a partition number (the Javalin route's 400) */
    private static int partition(String value) {
        if (value == null || value.isEmpty() || value.length() > 9) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Javalin compresses an answer for a client that accepts gzip: such a request goes its way. */
    private static boolean compressible(HttpServletRequest request) {
        String encodings = request.getHeader("Accept-Encoding");
        return encodings != null && !encodings.isBlank() && !"identity".equalsIgnoreCase(encodings.trim());
    }
}
