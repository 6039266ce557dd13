package io.notespipeline.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.streams.internal.ApiException;
import io.notespipeline.streams.internal.FanOut;
import io.notespipeline.streams.internal.KeyRouter;
import io.notespipeline.streams.internal.LocalStores;
import io.notespipeline.streams.internal.LogReader;
import io.notespipeline.streams.internal.Peers;
import io.notespipeline.streams.internal.PositionWatch;
import io.notespipeline.streams.internal.Reply;
import io.notespipeline.streams.internal.TalkIndex;
import io.notespipeline.streams.internal.TalkLookup;
import io.notespipeline.streams.internal.TalkLookupHandler;
import io.notespipeline.streams.internal.TalkPages;
import io.notespipeline.streams.internal.TalkSearch;
import io.notespipeline.streams.internal.TalkQueries;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API of the talk views. Any instance answers any talk: a key lookup is forwarded to the
 * instance owning the key (its {@code application.server}), falls back to a standby copy (the
 * answer says {@code "stale": true}), retries through rebalances and answers 503 with
 * {@code Retry-After} when no copy can answer; lists and search ask every instance and merge.
 *
 * <ul>
 *   <li>{@code GET /v1/talks?speaker=&tag=&conference=&cursor=&size=50&include_deleted=false}: a page read inside
 *       the stores after talk id {@code cursor} ("" for the first), with {@code next} (the cursor of the next page,
 *       null on the last); without {@code cursor}: {@code page=0} and {@code total}, which read every talk</li>
 *   <li>{@code GET /v1/talks/{id}} with {@code ?after=<partition>-<offset>} (read-your-writes: waits
 *       until the view includes that write, else 504 with the current position) and/or
 *       {@code ?asOf=ISO-8601} (the version valid then; older than the history retention: folded
 *       from the log)</li>
 *   <li>{@code GET /v1/talks/{id}/history?page=&size=&include_rejected=false}: events from the log</li>
 *   <li>{@code GET /v1/talks/{id}/activity?from=&to=}: applied events per hour</li>
 *   <li>{@code GET /v1/search?q=&limit=10}: trigram similarity over titles, speakers, tags, notes</li>
 *   <li>{@code GET /v1/rejected?limit=50}: latest rejects with reasons</li>
 *   <li>{@code GET /v1/talks/{id}/outcomes?after=&events=}: what the fold made of those events
 *       ({@link io.notespipeline.streams.internal.EventOutcomes})</li>
 * </ul>
 * Errors are an {@link io.notespipeline.schemas.http.ErrorBody} ({@link ErrorCode}: 40051 bad parameter, 40450 no
 * such talk, 50350 no copy can answer, 50450 {@code after} not reached; 404 and 504 add {@code position}).
 * Authentication is the app's.
 */
public final class QueryApi {

    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final int MAX_PAGE = 500;

    private final TalkQueries queries;
    private final KeyRouter router;
    private final FanOut fanOut;
    private final Peers peers;
    private final io.notespipeline.streams.internal.EventOutcomes outcomes;
    private final java.util.concurrent.ScheduledExecutorService timer = KeyRouter.timer();
    private final TalkLookup lookup;
    private final Predicate<String> mayRead;
    private Function<String, byte[]> staticRoutes = path -> null;
    private TalkLookupHandler handler;
    private final PositionWatch watch;
    private final TalkPages pages;
    private final TalkSearch search;

    /**
     * Every route through Javalin (and its authentication, if any): no fast path.
     *
     * @param service the running (or about to start) views service whose stores this API reads
     */
    public QueryApi(ViewsService service) {
        this(service, null);
    }

    /**
     * With the key lookup's fast path ({@link TalkLookupHandler}), answered in Jetty before Javalin (and before any
     * authentication registered on Javalin), for the requests {@code mayRead} lets through.
     *
     * @param mayRead true when a request's {@code Authorization} header (null when absent) may read the views, the
     *                same decision as the server's authentication; a request refused here takes the Javalin route,
     *                where the server's authentication answers it. Null: no fast path.
     */
    public QueryApi(ViewsService service, Predicate<String> mayRead) {
        this.mayRead = mayRead;
        ViewsConfig config = service.config();
        String server = config.applicationServer();
        HostInfo self = server.isBlank() ? null : HostInfo.buildFromEndpoint(server);
        LogReader logReader = new LogReader(service.bootstrapServers(), service.topics().events(),
                service.topics().rejected());
        LocalStores local = new LocalStores(service.streams(), service.topics().events().name());
        this.peers = new Peers(config.forwardingSecret());
        this.watch = PositionWatch.of(config.applicationId());
        this.lookup = new TalkLookup(service.streams(), watch);
        this.pages = new TalkPages(service.streams(), local);
        this.search = new TalkSearch(service.streams(), local);
        this.queries = new TalkQueries(local, lookup, logReader, server.isBlank() ? "local" : server, config.afterWait());
        this.router = new KeyRouter(service.streams(), self, this.peers, config.queryTimeout(),
                config.afterWait().plus(Duration.ofSeconds(2)), logReader::partitionCount, timer, watch);
        this.fanOut = new FanOut(service.streams(), self, this.peers, config.queryTimeout(), logReader::partitionCount,
                timer);
        this.outcomes = new io.notespipeline.streams.internal.EventOutcomes(service.streams(), config.afterWait());
    }

    /** @return the key lookups the fast path answered (the rest took the Javalin route), 0 without a fast path */
    public long fastLookups() {
        return handler == null ? 0 : handler.lookups();
    }

    /**
     * Bench baselines answered by the fast path's handler (so that both sides of a ratio cross the same layers).
     *
     * @param routes the bytes to answer for a request path, or null when the path is not one of them
     * @return this
     */
    public QueryApi staticRoutes(Function<String, byte[]> routes) {
        this.staticRoutes = routes;
        return this;
    }

    /**
     * Adds the routes and the error mapping to {@code app}, and the fast path's handler in front of Javalin's servlet
     * when there is one (before the server starts: Jetty's handlers are fixed once it runs).
     */
    public void register(Javalin app) {
        if (mayRead != null) {
            handler = new TalkLookupHandler(mayRead, router, peers, lookup, queries, staticRoutes);
            app.unsafeConfig().jetty.modifyServletContextHandler(context -> context.insertHandler(handler));
        }
        app.get("/v1/talks", this::list);
        app.get("/v1/talks/{id}", this::talk);
        app.get("/v1/talks/{id}/history", this::history);
        app.get("/v1/talks/{id}/activity", this::activity);
        app.get("/v1/search", this::search);
        app.get("/v1/rejected", ctx -> send(ctx, queries.rejected(intParam(ctx, "limit", 50, MAX_PAGE))));
        outcomes.register(app, this::byKey); // GET /v1/talks/{id}/outcomes (EventOutcomes), for ?wait=applied
        app.exception(ApiException.class, (e, ctx) -> send(ctx, Reply.error(e.code(), e.getMessage(), e.extra())));
        app.exception(NotesStreamsException.class, (e, ctx) -> {
            log.error("Query failed path={}", ctx.path(), e);
            send(ctx, Reply.error(ErrorCode.INTERNAL_ERROR, e.getMessage(), Map.of()));
        });
    }

    private void talk(Context ctx) {
        String id = ctx.pathParam("id");
        String after = ctx.queryParam("after");
        String asOf = ctx.queryParam("asOf");
        if (asOf != null) {
            TalkQueries.parseTime("asOf", asOf);
        }
        Instant waitUntil = queries.afterDeadline();
        byKey(ctx, id, (partition, stale) -> queries.talk(id, partition, stale, after, asOf, waitUntil));
    }

    private void history(Context ctx) {
        String id = ctx.pathParam("id");
        int page = intParam(ctx, "page", 0, Integer.MAX_VALUE);
        int size = intParam(ctx, "size", 50, MAX_PAGE);
        boolean includeRejected = boolParam(ctx, "include_rejected");
        byKey(ctx, id, (partition, stale) -> queries.history(id, partition, stale, page, size, includeRejected));
    }

    private void activity(Context ctx) {
        String id = ctx.pathParam("id");
        String fromParam = ctx.queryParam("from");
        String toParam = ctx.queryParam("to");
        Instant from = fromParam == null ? Instant.EPOCH : TalkQueries.parseTime("from", fromParam);
        Instant to = toParam == null ? Instant.now().plus(Duration.ofDays(1)) : TalkQueries.parseTime("to", toParam);
        byKey(ctx, id, (partition, stale) -> queries.activity(id, partition, stale, from, to));
    }

    /** Answers asynchronously (Javalin's {@code ctx.future}): no Jetty thread waits for a rebalance or a position. */
    private void byKey(Context ctx, String talkId, KeyRouter.LocalCall local) {
        if (forwardedByPeer(ctx)) {
            int partition = partitionHeader(ctx);
            boolean staleOk = Boolean.parseBoolean(ctx.header(Peers.STALE_OK));
            ctx.future(() -> KeyRouter.answerForwardedAsync(local, partition, staleOk, timer, watch)
                    .thenAccept(reply -> send(ctx, reply)));
            return;
        }
        String pathAndQuery = pathAndQuery(ctx);
        ctx.future(() -> router.routeAsync(talkId, pathAndQuery, local)
                .thenAccept(reply -> send(ctx, reply)));
    }

    private void list(Context ctx) {
        Predicate<TalkView> filter = filter(ctx);
        String index = indexPrefix(ctx);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null) {
            page(ctx, filter, index, cursor);
            return;
        }
        int page = intParam(ctx, "page", 0, Integer.MAX_VALUE);
        int size = intParam(ctx, "size", 50, MAX_PAGE);
        if (forwardedByPeer(ctx)) {
            send(ctx, Reply.ok(queries.listPart(filter, index).toJson()));
            return;
        }
        ctx.future(() -> fanOut.collectAsync(pathAndQuery(ctx), () -> queries.listPart(filter, index)).thenAccept(merged -> {
                    List<JsonNode> items = merged.items();
                    items.sort(Comparator.comparing(n -> n.path("talk_id").asText(), TalkPages.ORDER));
                    int from = (int) Math.min(items.size(), (long) page * size);
                    int to = Math.min(items.size(), from + size);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("items", items.subList(from, to));
                    out.put("page", page);
                    out.put("size", size);
                    out.put("total", items.size());
                    out.put("next", to < items.size() && to > 0 ? items.get(to - 1).path("talk_id").asText() : null);
                    out.put("partial", merged.partial());
                    out.put("stale", merged.stale());
                    send(ctx, Reply.ok(out));
                }));
    }

    /**
     * {@code GET /v1/talks?cursor=C&size=N}: the N talks after talk id C ("" for the first page) read inside the
     * stores ({@link TalkPages}), and {@code next}, the cursor of the following page (null on the last one).
     */
    private void page(Context ctx, Predicate<TalkView> filter, String index, String cursor) {
        int size = intParam(ctx, "size", 50, MAX_PAGE);
        if (size == 0) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "size must be between 1 and " + MAX_PAGE + " with a cursor");
        }
        if (forwardedByPeer(ctx)) {
            send(ctx, Reply.ok(pages.page(filter, index, cursor, size).toJson()));
            return;
        }
        ctx.future(() -> fanOut.collectAsync(pathAndQuery(ctx), () -> pages.page(filter, index, cursor, size))
                .thenAccept(merged -> {
                    TalkPages.Page<JsonNode> shown = TalkPages.merge(merged.items(), n -> n.path("talk_id").asText(), size);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("items", shown.items());
                    out.put("size", size);
                    out.put("cursor", cursor);
                    out.put("next", shown.next());
                    out.put("partial", merged.partial());
                    out.put("stale", merged.stale());
                    send(ctx, Reply.ok(out));
                }));
    }

    private void search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "q is required");
        }
        int limit = intParam(ctx, "limit", 10, 100);
        if (forwardedByPeer(ctx)) {
            send(ctx, Reply.ok(search.part(q, limit, TalkQueries.SEARCH_THRESHOLD).toJson()));
            return;
        }
        ctx.future(() -> fanOut.collectAsync(pathAndQuery(ctx), () -> search.part(q, limit, TalkQueries.SEARCH_THRESHOLD)).thenAccept(merged -> {
                    List<JsonNode> items = merged.items();
                    items.sort(Comparator.comparing((JsonNode n) -> n.path("score").asDouble()).reversed()
                            .thenComparing(n -> n.path("talk_id").asText()));
                    send(ctx, Reply.ok(Map.of("query", q, "items", items.subList(0, Math.min(limit, items.size())),
                            "partial", merged.partial(), "stale", merged.stale())));
                }));
    }

    /** A request another instance forwarded carries the shared secret; a client's forwarding headers are ignored. */
    private boolean forwardedByPeer(Context ctx) {
        return peers.isPeer(ctx.header(Peers.FORWARDED));
    }

    private static int partitionHeader(Context ctx) {
        String value = ctx.header(Peers.PARTITION);
        try {
            int partition = Integer.parseInt(value == null ? "" : value.trim());
            if (partition >= 0) {
                return partition;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.INVALID_PARAMETER, Peers.PARTITION + " must be a partition number, not '"
                + value + "'");
    }

    private static Predicate<TalkView> filter(Context ctx) {
        String speaker = lower(ctx.queryParam("speaker"));
        String tag = lower(ctx.queryParam("tag"));
        String conference = lower(ctx.queryParam("conference"));
        boolean includeDeleted = boolParam(ctx, "include_deleted");
        return v -> (includeDeleted || !v.getDeleted())
                && (speaker == null || v.getSpeakers().stream().anyMatch(s -> lower(s).equals(speaker)))
                && (tag == null || v.getTags().stream().anyMatch(t -> lower(t).equals(tag)))
                && (conference == null || conference.equals(lower(v.getConference())));
    }

    /** @return the secondary-index prefix of the first filter given (speaker, tag, conference), or null. */
    private static String indexPrefix(Context ctx) {
        for (String field : List.of(TalkIndex.SPEAKER, TalkIndex.TAG, TalkIndex.CONFERENCE)) {
            String value = ctx.queryParam(field);
            if (value != null && !value.isBlank()) {
                return TalkIndex.prefix(field, value);
            }
        }
        return null;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT).trim();
    }

    private static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static int intParam(Context ctx, String name, int dflt, int max) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > max) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, name + " must be between 0 and " + max + ", got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, name + " must be a number, got " + value);
        }
    }

    private static boolean boolParam(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    private static void send(Context ctx, Reply reply) {
        reply.headers().forEach(ctx::header);
        ctx.status(reply.status()).contentType("application/json").result(reply.body());
    }
}
