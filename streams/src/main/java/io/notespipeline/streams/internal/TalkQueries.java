package io.notespipeline.streams.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.IsoTime;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.streams.FoldResult;

import org.apache.kafka.streams.KeyValue;

/** Builds the answers of the query API from this instance's stores and from the log. */
public final class TalkQueries {

    private static final ObjectMapper MAPPER = io.notespipeline.schemas.http.Json.mapper();
    /** Smallest search score (0..1) a talk needs to be listed. */
    public static final double SEARCH_THRESHOLD = 0.3;

    private final LocalStores local;
    private final TalkLookup lookup;
    private final LogReader log;
    private final String servedBy;
    private final Duration afterWait;

    public TalkQueries(LocalStores local, TalkLookup lookup, LogReader log, String servedBy, Duration afterWait) {
        this.local = local;
        this.lookup = lookup;
        this.log = log;
        this.servedBy = servedBy;
        this.afterWait = afterWait;
    }

    /** @return when a request arriving now stops waiting for its {@code after} token */
    public Instant afterDeadline() {
        return Instant.now().plus(afterWait);
    }

    /**
     * GET /v1/talks/{id} with optional {@code after} token and {@code asOf} time, from the local copy. Never waits:
     * while the copy has not reached {@code after} it throws {@link KeyRouter.NotReached} (the router asks again
     * when the fold reaches it, holding no thread), whose answer once {@code afterDeadline} has passed is the 504.
     */
    public Reply talk(String talkId, int partition, boolean stale, String after, String asOf, Instant afterDeadline)
            throws LocalStores.Unavailable {
        long position = lookup.position(partition, stale);
        if (after != null) {
            long wanted = tokenOffset(after, partition, talkId);
            if (position < wanted) {
                throw new KeyRouter.NotReached(partition, wanted, afterDeadline, Reply.error(ErrorCode.TIMEOUT,
                        "the view has not reached " + after + " within " + afterWait.toMillis() + " ms",
                        Map.of("position", partition + "-" + position)));
            }
        }
        if (asOf != null) {
            return asOf(talkId, partition, stale, parseTime("asOf", asOf), position);
        }
        String body;
        if (stale) { // a standby's stores are restored one by one: its position does not date them
            TalkLookup.Found found = lookup.read(talkId, partition, true);
            body = found == null ? null : TalkLookup.json(found, origin(partition, position, true, "store"));
        } else {
            byte[] answer = lookup.answer(talkId, partition, position, origin(partition, position, false, "store"));
            body = answer == null ? null : new String(answer, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (body == null) {
            return Reply.error(ErrorCode.TALK_NOT_FOUND, "talk " + talkId + " not found", Map.of("position", partition + "-" + position));
        }
        return new Reply(200, body, Map.of());
    }

    /** @return where an answer read now from this copy comes from */
    public TalkLookup.Origin origin(int partition, long position, boolean stale, String source) {
        return new TalkLookup.Origin(stale, source, partition + "-" + position, servedBy);
    }

    private Reply asOf(String talkId, int partition, boolean stale, Instant time, long position)
            throws LocalStores.Unavailable {
        TalkLog.Version version = local.asOf(talkId, partition, time, stale);
        if (version == null) {
            return Reply.error(ErrorCode.TALK_NOT_FOUND, "talk " + talkId + " did not exist at " + time, Map.of());
        }
        return new Reply(200, TalkLookup.json(version.view(), origin(partition, position, stale, "history"),
                Instant.ofEpochMilli(version.validFrom()).toString()), Map.of());
    }

    /** GET /v1/talks/{id}/activity: applied events per hour. */
    public Reply activity(String talkId, int partition, boolean stale, Instant from, Instant to)
            throws LocalStores.Unavailable {
        List<Map<String, Object>> hours = new ArrayList<>();
        for (KeyValue<Instant, Long> kv : local.activity(talkId, partition, from, to, stale)) {
            hours.add(Map.of("hour", kv.key.toString(), "events", kv.value));
        }
        return Reply.ok(Map.of("talk_id", talkId, "items", hours, "stale", stale, "served_by", servedBy));
    }

    /**
     * This instance's part of GET /v1/talks: summaries of the talks that pass {@code filter}.
     *
     * @param indexPrefix when not null, only the talks under this secondary-index prefix are read
     */
    public FanOut.Part listPart(Predicate<TalkView> filter, String indexPrefix) {
        Map<Integer, List<JsonNode>> items = new HashMap<>();
        LocalStores.Copies read = local.scan(indexPrefix, false, (v, partition, standby) -> {
            List<JsonNode> list = items.computeIfAbsent(partition, p -> new ArrayList<>());
            if (filter.test(v)) {
                list.add(MAPPER.valueToTree(Json.summary(v)));
            }
        });
        return new FanOut.Part(items, read.active(), read.standby());
    }

    /** GET /v1/talks/{id}/history: the talk's events from its local log with what the fold made of them. */
    public Reply history(String talkId, int partition, boolean stale, int page, int size, boolean includeRejected)
            throws LocalStores.Unavailable {
        List<Map<String, Object>> items = new ArrayList<>();
        TalkLog.Folding fold = new TalkLog.Folding(null);
        for (TalkLog.Entry p : local.talkLog(talkId, partition, stale)) {
            NoteEvent e = p.event();
            Map<String, Object> item = Json.event(e);
            item.put("position", p.partition() + "-" + p.offset());
            if (p.duplicate()) {
                item.put("outcome", "duplicate");
            } else {
                FoldResult result = fold.apply(e);
                TalkView view = fold.header();
                item.put("outcome", result instanceof FoldResult.Applied ? "applied"
                        : result instanceof FoldResult.Rejected ? "rejected" : "duplicate");
                if (result instanceof FoldResult.Rejected r) {
                    item.put("reason", r.reason().name());
                }
                item.put("revision", view == null ? 0 : view.getRevision());
            }
            if (includeRejected || "applied".equals(item.get("outcome"))) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return Reply.error(ErrorCode.TALK_NOT_FOUND, "talk " + talkId + " has no events", Map.of());
        }
        int from = Math.min(items.size(), page * size);
        return Reply.ok(Map.of("talk_id", talkId, "page", page, "size", size, "total", items.size(),
                "items", items.subList(from, Math.min(items.size(), from + size))));
    }

    /** GET /v1/rejected: the latest rejects with their reasons, newest first. */
    public Reply rejected(int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (LogReader.Positioned<RejectedEvent> p : log.latestRejects(limit)) {
            items.add(Json.rejected(p.value(), p.partition(), p.offset()));
        }
        return Reply.ok(Map.of("items", items));
    }

    /** @return the offset of position token {@code token} ({@code <partition>-<offset>}), or a 400 */
    static long tokenOffset(String token, int partition, String talkId) {
        int dash = token.indexOf('-');
        try {
            int p = Integer.parseInt(token.substring(0, dash));
            long offset = Long.parseLong(token.substring(dash + 1));
            if (p != partition) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "token " + token + " is for partition " + p + " but talk " + talkId
                        + " lives in partition " + partition);
            }
            return offset;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "after must be a position token <partition>-<offset>, got " + token);
        }
    }

    /** @return {@code value} parsed as an ISO-8601 instant, or a 400. */
    public static Instant parseTime(String name, String value) {
        try {
            return IsoTime.parse(name, value);
        } catch (IsoTime.InvalidTimeException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, e.getMessage());
        }
    }
}
